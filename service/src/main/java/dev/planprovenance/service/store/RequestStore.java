package dev.planprovenance.service.store;

import dev.planprovenance.engine.RuntimeProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The inputs of a capture (request and runtime profile), content-addressed like the artifacts. */
@Repository
public class RequestStore {
    private final JdbcClient jdbc;
    private final CanonicalJson json;
    private final StoreMetrics metrics;
    private final KnownContent known;

    public RequestStore(JdbcClient jdbc, CanonicalJson json, StoreMetrics metrics, KnownContent known) {
        this.jdbc = jdbc;
        this.json = json;
        this.metrics = metrics;
        this.known = known;
    }

    public ContentKey putRequest(CaptureInput input) {
        String config = json.write(input.config());
        ContentKey key = ContentKey.digest("request").add(input.sql()).add(input.tablesJson()).add(config).build();
        boolean inserted = known.storeOnce(key, () -> jdbc.sql("""
                INSERT INTO capture_request (content_key, sql_text, tables, config_overrides)
                VALUES (:key, :sql, CAST(:tables AS jsonb), CAST(:config AS jsonb))
                ON CONFLICT (content_key) DO NOTHING""")
                .param("key", key.bytes())
                .param("sql", input.sql())
                .param("tables", input.tablesJson())
                .param("config", config)
                .update());
        metrics.written("request", inserted);
        return key;
    }

    public ContentKey putProfile(RuntimeProfile profile) {
        String document = json.write(describe(profile));
        ContentKey key = ContentKey.digest("runtime-profile").add(document).build();
        boolean inserted = known.storeOnce(key, () -> jdbc.sql("""
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
        metrics.written("runtime-profile", inserted);
        return key;
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
