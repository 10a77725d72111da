package dev.planprovenance.service.store;

import dev.planprovenance.service.api.model.ComponentName;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Components described outside the engine (one per table format, e.g. {@code delta}: the snapshots a capture read),
 * all in external_component whatever their format: a new format adds rows, not a table, a column or a branch here.
 * The content key is derived as {@link ComponentStore} derives a JSON component's (name, hashes, document), which is
 * how Delta snapshots were keyed in their own table before V7, so rows moved from it are found again.
 */
@Repository
public class ExternalComponentStore {
    private static final String INSERT = """
            INSERT INTO external_component (content_key, component, hash_name, hash, payload)
            VALUES (:key, :component, :hashName, :hash, CAST(:payload AS jsonb))
            ON CONFLICT (content_key) DO NOTHING""";

    private final JdbcClient jdbc;

    public ExternalComponentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    PendingRow prepare(ComponentName component, String payload, String hashName, Map<String, String> engineHashes) {
        String hash = engineHashes.get(hashName);
        if (hash == null) {
            throw new IllegalStateException("engine result has no " + hashName + " for component " + component);
        }
        String name = component.getValue();
        ContentKey key = ContentKey.digest(name).add(Map.of(hashName, hash)).add(payload).build();
        return new PendingRow(name, key, () -> jdbc.sql(INSERT)
                .param("key", key.bytes())
                .param("component", name)
                .param("hashName", hashName)
                .param("hash", hash)
                .param("payload", payload)
                .update());
    }
}
