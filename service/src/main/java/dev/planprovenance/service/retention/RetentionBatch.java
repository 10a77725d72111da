package dev.planprovenance.service.retention;

import dev.planprovenance.service.store.Component;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One batch of retention, inside the caller's transaction: the captures to remove, then everything only they
 * referred to. Content is shared between captures by content key (a component set by every capture of an unchanged
 * plan, a component row by every set that holds the same document), so each level is removed only when nothing
 * left refers to it: captures → their drift events (derived: deleted) and later captures' drift_from links
 * (derived: set to NULL) → component sets no capture uses → their members → content rows (and their child rows:
 * explain_row, provider_ddl) no member uses → request and runtime profile rows no capture uses.
 */
@Repository
class RetentionBatch {
    /** Rows whose parent is a component's content row; deleted before it. */
    private static final Map<String, List<String[]>> CHILDREN = Map.of(
            "explain_document", List.<String[]>of(new String[] {"explain_row", "explain_key"}),
            "schema_diagnostics", List.<String[]>of(new String[] {"provider_ddl", "schema_key"}));

    private final JdbcClient jdbc;

    RetentionBatch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Rows and bytes removed, per table, in the order removed. */
    record Removed(Map<String, long[]> tables, int captures) {}

    /**
     * The oldest captures (at most {@code policy.batchSize()}) beyond the policy that nothing protects; newest first
     * ranks count every capture of the plan and environment, protected or not.
     */
    List<UUID> candidates(RetentionPolicy policy, String unprotected) {
        return jdbc.sql("""
                SELECT c.id FROM (
                    SELECT id, created_at,
                           row_number() OVER (PARTITION BY plan_id, environment ORDER BY created_at DESC, id) AS rank
                    FROM capture) c
                WHERE c.rank > :keepLast AND c.created_at < now() - make_interval(days => :keepDays)
                  AND %s
                ORDER BY c.created_at, c.id
                LIMIT :batch""".formatted(unprotected))
                .param("keepLast", policy.keepLast())
                .param("keepDays", policy.keepDays())
                .param("batch", policy.batchSize())
                .query(UUID.class)
                .list();
    }

    Removed remove(List<UUID> ids) {
        Map<String, long[]> removed = new LinkedHashMap<>();
        UUID[] captures = ids.toArray(UUID[]::new);
        count(removed, "drift_event", jdbc.sql("""
                DELETE FROM drift_event x WHERE x.from_capture_id = ANY(:ids) OR x.to_capture_id = ANY(:ids)
                RETURNING pg_column_size(x.*) AS size""").param("ids", captures).query(Long.class).list());
        jdbc.sql("UPDATE capture SET drift_from_capture_id = NULL WHERE drift_from_capture_id = ANY(:ids)")
                .param("ids", captures).update();

        List<byte[]> sets = new ArrayList<>();
        List<byte[]> requests = new ArrayList<>();
        List<byte[]> profiles = new ArrayList<>();
        List<Long> captureSizes = new ArrayList<>();
        jdbc.sql("""
                DELETE FROM capture x WHERE x.id = ANY(:ids)
                RETURNING x.component_set_key, x.request_key, x.runtime_profile_key, pg_column_size(x.*) AS size""")
                .param("ids", captures)
                .query(rs -> {
                    sets.add(rs.getBytes("component_set_key"));
                    requests.add(rs.getBytes("request_key"));
                    if (rs.getBytes("runtime_profile_key") != null) profiles.add(rs.getBytes("runtime_profile_key"));
                    captureSizes.add(rs.getLong("size"));
                });
        count(removed, "capture", captureSizes);

        byte[][] orphanSets = jdbc.sql("""
                SELECT DISTINCT s.key FROM unnest(CAST(:sets AS bytea[])) AS s (key)
                WHERE NOT EXISTS (SELECT 1 FROM capture c WHERE c.component_set_key = s.key)""")
                .param("sets", sets.toArray(byte[][]::new)).query(byte[].class).list().toArray(byte[][]::new);
        Map<String, Set<ByteKey>> members = new LinkedHashMap<>();
        List<Long> memberSizes = new ArrayList<>();
        jdbc.sql("""
                DELETE FROM component_set_member x WHERE x.set_key = ANY(:sets)
                RETURNING x.component, x.content_key, pg_column_size(x.*) AS size""")
                .param("sets", orphanSets)
                .query(rs -> {
                    members.computeIfAbsent(rs.getString("component"), k -> new LinkedHashSet<>())
                            .add(new ByteKey(rs.getBytes("content_key")));
                    memberSizes.add(rs.getLong("size"));
                });
        count(removed, "component_set_member", memberSizes);
        deleteKeys(removed, "component_set", "set_key", orphanSets);

        // A content row goes once no member of any set (of the same component) refers to it any longer.
        members.forEach((component, keys) -> {
            String table = Component.named(component).flatMap(Component::of).map(Component::table)
                    .orElse("external_component");
            byte[][] orphans = jdbc.sql("""
                    SELECT k.key FROM unnest(CAST(:keys AS bytea[])) AS k (key)
                    WHERE NOT EXISTS (SELECT 1 FROM component_set_member m
                                      WHERE m.content_key = k.key AND m.component = :component)""")
                    .param("keys", keys.stream().map(ByteKey::bytes).toArray(byte[][]::new))
                    .param("component", component)
                    .query(byte[].class).list().toArray(byte[][]::new);
            for (String[] child : CHILDREN.getOrDefault(table, List.of())) {
                deleteKeys(removed, child[0], child[1], orphans);
            }
            deleteKeys(removed, table, "content_key", orphans);
        });

        deleteUnused(removed, "capture_request", "request_key", requests);
        deleteUnused(removed, "runtime_profile", "runtime_profile_key", profiles);
        return new Removed(removed, ids.size());
    }

    /** Rows of {@code table} with these keys that no capture refers to by {@code captureColumn}. */
    private void deleteUnused(Map<String, long[]> removed, String table, String captureColumn, List<byte[]> keys) {
        count(removed, table, jdbc.sql("""
                DELETE FROM %s x WHERE x.content_key = ANY(:keys)
                  AND NOT EXISTS (SELECT 1 FROM capture c WHERE c.%s = x.content_key)
                RETURNING pg_column_size(x.*) AS size""".formatted(table, captureColumn))
                .param("keys", keys.toArray(byte[][]::new)).query(Long.class).list());
    }

    private void deleteKeys(Map<String, long[]> removed, String table, String column, byte[][] keys) {
        if (keys.length == 0) return;
        count(removed, table, jdbc.sql("DELETE FROM %s x WHERE x.%s = ANY(:keys) RETURNING pg_column_size(x.*) AS size"
                .formatted(table, column)).param("keys", keys).query(Long.class).list());
    }

    private static void count(Map<String, long[]> removed, String table, List<Long> sizes) {
        if (sizes.isEmpty()) return;
        long[] totals = removed.computeIfAbsent(table, t -> new long[2]);
        totals[0] += sizes.size();
        totals[1] += sizes.stream().mapToLong(Long::longValue).sum();
    }

    /** Content keys as set members (byte[] has no value equality). */
    private record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey k && java.util.Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }
}
