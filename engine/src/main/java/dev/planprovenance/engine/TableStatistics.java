package dev.planprovenance.engine;

import java.util.Map;

/** Declared table statistics that the planner sees, as if read from production data. Fields may be null. */
public record TableStatistics(Long numRows, Long totalByteSize, Map<String, ColumnStatistics> columns) {
    public TableStatistics {
        columns = columns == null ? Map.of() : Map.copyOf(columns);
    }
}
