package dev.planprovenance.service.store;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The schema component (DESCRIBE rows, schema provenance, provider DDL, information_schema_hash) plus one
 * provider_ddl row per table whose provider reported DDL, written with the document that holds it.
 */
@Repository
public class SchemaStore {
    private final ComponentStore components;
    private final JdbcTemplate jdbc;
    private final CanonicalJson json;

    public SchemaStore(ComponentStore components, JdbcTemplate jdbc, CanonicalJson json) {
        this.components = components;
        this.jdbc = jdbc;
        this.json = json;
    }

    PendingRow prepare(String document, Map<String, String> hashes) {
        PendingRow stored = components.prepare(Component.SCHEMA, document, hashes);
        return stored.withDependentRows(() -> {
            Map<String, String> ddl = ProviderDdl.of(json.tree(document));
            List<Object[]> rows = ddl.entrySet().stream()
                    .map(e -> new Object[] {stored.key().bytes(), e.getKey(), e.getValue()})
                    .toList();
            if (!rows.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO provider_ddl (schema_key, table_name, ddl) VALUES (?, ?, ?)", rows);
            }
        });
    }
}
