package dev.planprovenance.service.store;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * The component set of a capture: its (component name, content key) pairs, content-addressed like the components, so
 * every capture with the same components references one set row and its members, and a capture row holds one key for
 * all of them. Members are written by the statement that stores the set and only when it does, so a set never exists
 * with some of its members.
 */
@Repository
public class ComponentSetStore {
    /** The set row, and its members only if the set row is new (ON CONFLICT inserts nothing, so neither do they). */
    private static final String INSERT = """
            WITH new_set AS (
                INSERT INTO component_set (set_key) VALUES (:key)
                ON CONFLICT (set_key) DO NOTHING
                RETURNING set_key)
            INSERT INTO component_set_member (set_key, component, content_key)
            SELECT new_set.set_key, m.component, m.content_key
            FROM new_set, unnest(:components, :keys) AS m (component, content_key)""";

    private final JdbcClient jdbc;

    public ComponentSetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The set over these component rows, keyed; nothing is written until its insert runs. */
    PendingRow prepare(List<PendingRow> components) {
        SortedMap<String, ContentKey> members = new TreeMap<>();
        for (PendingRow row : components) {
            if (members.put(row.component(), row.key()) != null) {
                throw new IllegalStateException("component " + row.component() + " twice in one capture");
            }
        }
        ContentKey key = key(members);
        String[] names = members.keySet().toArray(String[]::new);
        byte[][] keys = members.values().stream().map(ContentKey::bytes).toArray(byte[][]::new);
        return new PendingRow("component-set", key, () -> jdbc.sql(INSERT)
                .param("key", key.bytes())
                .param("components", new SqlArrayValue("text", (Object[]) names))
                .param("keys", new SqlArrayValue("bytea", (Object[]) keys))
                .update() > 0 ? 1 : 0);
    }

    /**
     * SHA-256 over "component-set" and each member's name and content key, members in order of their names (all
     * ASCII, so Java's string order is byte order). Migration V7 computes the keys of older captures' sets the same
     * way in SQL, so a capture after it finds the set its predecessors had.
     */
    public static ContentKey key(Map<String, ContentKey> members) {
        ContentKey.Digest digest = ContentKey.digest("component-set");
        new TreeMap<>(members).forEach((name, key) -> digest.add(name).add(key.bytes()));
        return digest.build();
    }
}
