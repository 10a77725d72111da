package dev.planprovenance.service.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes one JSON component of the engine under its content key, in the component's own table. ON CONFLICT DO
 * NOTHING makes the write idempotent and safe under concurrency: whoever inserts first stores the payload, everyone
 * else just references it.
 */
@Repository
public class ComponentStore {
    private static final Map<Component, String> INSERTS = new EnumMap<>(Component.class);

    static {
        for (Component component : Component.values()) INSERTS.put(component, insertSql(component));
    }

    private final JdbcClient jdbc;
    private final Map<Component, LastKey> lastKeys = new ConcurrentHashMap<>();

    public ComponentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The component's row, keyed; nothing is written until its insert runs. */
    PendingRow prepare(Component component, String payload, Map<String, String> engineHashes) {
        Map<String, String> hashes = hashesOf(component, engineHashes);
        ContentKey key = keyOf(component, hashes, payload);
        return new PendingRow(component.apiName(), key, () -> {
            JdbcClient.StatementSpec statement = jdbc.sql(INSERTS.get(component))
                    .param("content_key", key.bytes()).param("payload", payload);
            for (String hash : component.hashes()) statement = statement.param(hash, hashes.get(hash));
            return statement.update();
        });
    }

    private static String insertSql(Component component) {
        List<String> columns = new ArrayList<>(List.of("content_key"));
        columns.addAll(component.hashes());
        return "INSERT INTO " + component.table() + " (" + String.join(", ", columns) + ", "
                + component.payloadColumn() + ") VALUES (:content_key, "
                + component.hashes().stream().map(h -> ":" + h).collect(Collectors.joining(", "))
                + ", CAST(:payload AS jsonb)) ON CONFLICT (content_key) DO NOTHING";
    }

    /**
     * Digesting a large payload (the UDF catalog is ~300 KB, the same for every capture of a profile) costs more than
     * comparing it with the last one seen, so the last key per component is kept with what it was computed from.
     */
    private ContentKey keyOf(Component component, Map<String, String> hashes, String payload) {
        LastKey last = lastKeys.get(component);
        if (last != null && last.hashes().equals(hashes) && last.payload().equals(payload)) return last.key();
        ContentKey key = ContentKey.digest(component.apiName()).add(hashes).add(payload).build();
        lastKeys.put(component, new LastKey(hashes, payload, key));
        return key;
    }

    private record LastKey(Map<String, String> hashes, String payload, ContentKey key) {}

    /** The hashes that describe this component; a missing required hash breaks the engine's contract. */
    static Map<String, String> hashesOf(Component component, Map<String, String> engineHashes) {
        Map<String, String> hashes = new TreeMap<>();
        for (String name : component.hashes()) {
            String value = engineHashes.get(name);
            if (value == null && name.equals(component.hashes().get(0))) {
                throw new IllegalStateException("engine result has no " + name + " for component " + component.apiName());
            }
            hashes.put(name, value);
        }
        return hashes;
    }
}
