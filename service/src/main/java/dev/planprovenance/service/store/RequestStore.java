package dev.planprovenance.service.store;

import dev.planprovenance.engine.RuntimeProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The inputs of a capture (request and runtime profile), content-addressed like the artifacts. */
@Repository
public class RequestStore {
    /** Profiles are configured, so there are few; the bound only guards against unbounded growth. */
    private static final int MAX_CACHED_PROFILES = 64;

    private final JdbcClient jdbc;
    private final CanonicalJson json;
    /** A profile's row depends on the profile alone, and every capture of a pool names the same profile. */
    private final Map<RuntimeProfile, PendingRow> profiles = new ConcurrentHashMap<>();

    public RequestStore(JdbcClient jdbc, CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    PendingRow prepareRequest(CaptureInput input) {
        String config = json.write(input.config());
        ContentKey key = ContentKey.digest("request").add(input.sql()).add(input.tablesJson()).add(config).build();
        return new PendingRow("request", key, () -> jdbc.sql("""
                INSERT INTO capture_request (content_key, sql_text, tables, config_overrides)
                VALUES (:key, :sql, CAST(:tables AS jsonb), CAST(:config AS jsonb))
                ON CONFLICT (content_key) DO NOTHING""")
                .param("key", key.bytes())
                .param("sql", input.sql())
                .param("tables", input.tablesJson())
                .param("config", config)
                .update());
    }

    PendingRow prepareProfile(RuntimeProfile profile) {
        PendingRow cached = profiles.get(profile);
        if (cached != null) return cached;
        PendingRow row = profileRow(profile);
        if (profiles.size() >= MAX_CACHED_PROFILES) profiles.clear();
        profiles.put(profile, row);
        return row;
    }

    private PendingRow profileRow(RuntimeProfile profile) {
        String document = json.write(describe(profile));
        ContentKey key = ContentKey.digest("runtime-profile").add(document).build();
        return new PendingRow("runtime-profile", key, () -> jdbc.sql("""
                INSERT INTO runtime_profile (content_key, name, target_partitions, batch_size, planning_concurrency,
                                             memory_limit_bytes, disabled_rules, config,
                                             async_udf_batch_size, async_udf_timeout_ms)
                VALUES (:key, :name, :partitions, :batch, :concurrency, :memory,
                        CAST(:rules AS jsonb), CAST(:config AS jsonb), :udfBatch, :udfTimeout)
                ON CONFLICT (content_key) DO NOTHING""")
                .param("key", key.bytes())
                .param("name", profile.name())
                .param("partitions", profile.targetPartitions())
                .param("batch", profile.batchSize())
                .param("concurrency", profile.planningConcurrency())
                .param("memory", profile.memoryLimitBytes())
                .param("rules", json.write(profile.disabledRules()))
                .param("config", json.write(profile.config()))
                .param("udfBatch", profile.asyncUdfBatchSize())
                .param("udfTimeout", profile.asyncUdfTimeoutMillis())
                .update());
    }

    private static Map<String, Object> describe(RuntimeProfile p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", p.name());
        d.put("target_partitions", p.targetPartitions());
        d.put("batch_size", p.batchSize());
        d.put("planning_concurrency", p.planningConcurrency());
        d.put("memory_limit_bytes", p.memoryLimitBytes());
        d.put("async_udf_batch_size", p.asyncUdfBatchSize());
        d.put("async_udf_timeout_ms", p.asyncUdfTimeoutMillis());
        d.put("disabled_rules", p.disabledRules());
        d.put("config", p.config());
        return d;
    }
}
