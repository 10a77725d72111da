package dev.planprovenance.service.capture;

import dev.planprovenance.service.api.model.TableReference;
import dev.planprovenance.service.problem.ProblemException;

/**
 * The four shapes a table reference may take. The OpenAPI schema has one object with optional fields, so the
 * combinations it cannot express are checked here, with a message that says which fields belong together.
 */
enum TableKind {
    PARQUET, SCHEMA_ONLY, VIEW, EXTERNAL;

    static TableKind of(TableReference t) {
        String name = t.getName();
        boolean hasSchema = t.getSchema() != null && !t.getSchema().isEmpty();
        boolean timeTravel = t.getVersion() != null || t.getTimestamp() != null;
        boolean hasKeys = (t.getPrimaryKey() != null && !t.getPrimaryKey().isEmpty())
                || (t.getUnique() != null && !t.getUnique().isEmpty());
        if (t.getView() != null) {
            require(t.getFormat() == null && t.getLocation() == null && !hasSchema && t.getStatistics() == null
                    && !timeTravel && !hasKeys, name, "a view takes only 'name' and 'view'");
            require(!t.getView().isBlank(), name, "'view' must hold a SELECT");
            return VIEW;
        }
        if (t.getFormat() == null) {
            require(hasSchema, name, "give either 'format' and 'location', a 'schema', or a 'view'");
            require(t.getLocation() == null && !timeTravel, name,
                    "a schema-only table takes 'schema' and optional 'statistics', not 'location', 'version' or 'timestamp'");
            return SCHEMA_ONLY;
        }
        require(t.getLocation() != null && !t.getLocation().isBlank(), name, "format '" + t.getFormat().getValue()
                + "' needs a 'location'");
        require(!hasSchema && t.getStatistics() == null, name,
                "'schema' and 'statistics' describe schema-only tables; a " + t.getFormat().getValue()
                        + " table reads them from its files");
        // Keys on file-backed tables would need their providers wrapped (file sets, Delta): not done yet, so refused
        // rather than silently ignored.
        require(!hasKeys, name, "'primary_key' and 'unique' are accepted on schema-only tables only, not on a "
                + t.getFormat().getValue() + " table");
        return switch (t.getFormat()) {
            case PARQUET -> {
                require(!timeTravel, name, "'version' and 'timestamp' apply to Delta tables only");
                yield PARQUET;
            }
            // Every other format is read by an ExternalTableSource; time travel is theirs to honour.
            default -> {
                require(t.getVersion() == null || t.getTimestamp() == null, name,
                        "give 'version' or 'timestamp', not both");
                yield EXTERNAL;
            }
        };
    }

    private static void require(boolean ok, String table, String message) {
        if (!ok) throw ProblemException.invalid("Table '" + table + "': " + message + ".");
    }
}
