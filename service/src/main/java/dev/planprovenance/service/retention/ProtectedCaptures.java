package dev.planprovenance.service.retention;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Captures retention must never delete: every capture a row of another table refers to by FOREIGN KEY (a baseline,
 * a stored check, a repeat audit, a sensitivity trial or sweep, ...). The foreign keys are read from the catalog
 * (pg_constraint) on every run, not named here, so a table added by a later migration is protected without a change
 * to retention. Two references are derived and do not protect: drift events (deleted with their captures) and a
 * capture's drift_from_capture_id link (set to NULL).
 */
@Component
class ProtectedCaptures {
    private final JdbcClient jdbc;

    ProtectedCaptures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Reference(String table, String column) {}

    /** Every single-column foreign key to capture(id) but the derived ones. */
    List<Reference> references() {
        return jdbc.sql("""
                SELECT k.conrelid::regclass::text AS table_name, quote_ident(a.attname) AS column_name
                FROM pg_constraint k
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                WHERE k.contype = 'f' AND k.confrelid = 'capture'::regclass AND cardinality(k.conkey) = 1
                  AND NOT (k.conrelid = 'drift_event'::regclass)
                  AND NOT (k.conrelid = 'capture'::regclass AND a.attname = 'drift_from_capture_id')
                ORDER BY 1, 2""")
                .query((rs, n) -> new Reference(rs.getString("table_name"), rs.getString("column_name")))
                .list();
    }

    /** A predicate on capture alias {@code c}: no protecting row refers to it. Names come from the catalog. */
    String unreferenced(List<Reference> references) {
        if (references.isEmpty()) return "TRUE";
        return references.stream()
                .map(r -> "NOT EXISTS (SELECT 1 FROM " + r.table() + " p WHERE p." + r.column() + " = c.id)")
                .collect(Collectors.joining(" AND "));
    }
}
