package dev.planprovenance.service.store;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * The schema component (DESCRIBE rows, schema provenance, provider DDL, information_schema_hash) plus one
 * provider_ddl row per table whose provider reported DDL, written with the document that holds it.
 */
@Repository
public class SchemaStore {
    private static final String INSERT_DDL = """
            INSERT INTO provider_ddl (schema_key, table_name, ddl)
            SELECT :key, d.table_name, d.ddl
            FROM unnest(:tables, :ddl) AS d (table_name, ddl)""";

    private final ComponentStore components;
    private final JdbcClient jdbc;
    private final CanonicalJson json;

    public SchemaStore(ComponentStore components, JdbcClient jdbc, CanonicalJson json) {
        this.components = components;
        this.jdbc = jdbc;
        this.json = json;
    }

    PendingRow prepare(String document, Map<String, String> hashes) {
        PendingRow stored = components.prepare(Component.SCHEMA, document, hashes);
        return stored.withDependentRows(() -> {
            Map<String, String> ddl = ProviderDdl.of(json.tree(document));
            if (ddl.isEmpty()) return;
            jdbc.sql(INSERT_DDL)
                    .param("key", stored.key().bytes())
                    .param("tables", new SqlArrayValue("text", (Object[]) ddl.keySet().toArray(String[]::new)))
                    .param("ddl", new SqlArrayValue("text", (Object[]) ddl.values().toArray(String[]::new)))
                    .update();
        });
    }
}
