package dev.planprovenance.service.delta;

import java.util.List;

/**
 * One column of the logical schema, nested struct fields flattened into paths.
 *
 * @param path         logical names from the top-level column down
 * @param physicalPath the names in the data files: equal to {@code path} without column mapping
 * @param type         Delta's type name ({@code integer}, {@code decimal(10,2)}, {@code timestamp_ntz}, ...)
 * @param fieldId      {@code delta.columnMapping.id}, null without column mapping
 * @param widened      the field carries {@code delta.typeChanges}: older files hold a narrower type
 */
public record DeltaColumn(List<String> path, List<String> physicalPath, String type, boolean nullable,
                          Long fieldId, boolean widened) {

    public DeltaColumn {
        path = List.copyOf(path);
        physicalPath = List.copyOf(physicalPath);
    }

    public String name() {
        return String.join(".", path);
    }

    public String physicalName() {
        return String.join(".", physicalPath);
    }

    public boolean isTopLevel() {
        return path.size() == 1;
    }
}
