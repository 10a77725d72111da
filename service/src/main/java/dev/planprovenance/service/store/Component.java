package dev.planprovenance.service.store;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The artifact components of a capture, where each is stored and which of the engine's hashes describe it. Every
 * component table is keyed by content_key and holds its hash columns (named like the engine's hashes) and the
 * document; capture rows point at them through {@link #captureColumn}.
 */
public enum Component {
    PLANNING_ENV("planning-env", "planning_env", "planning_env_key", "payload",
            List.of("planning_env_hash", "full_env_hash")),
    RULEPACK("rulepack", "rulepack", "rulepack_key", "payload", List.of("rulepack_hash")),
    EXPLAIN("explain", "explain_document", "explain_key", "payload", List.of("explain_hash")),
    PLANS("plans", "plan_artifact", "plan_artifact_key", "plans", List.of("plan_fingerprint")),
    STATISTICS("statistics", "plan_statistics", "statistics_key", "payload", List.of("statistics_hash")),
    SCHEMA("schema", "schema_diagnostics", "schema_key", "payload", List.of("information_schema_hash")),
    UDFS("udfs", "udf_catalog", "udf_catalog_key", "payload", List.of("udf_catalog_hash")),
    AUDIT("audit", "audit_bundle", "audit_key", "payload", List.of("audit_hash")),
    DELTA("delta", "delta_snapshot", "delta_snapshot_key", "payload", List.of("delta_snapshot_hash"));

    private final String apiName;
    private final String table;
    private final String captureColumn;
    private final String payloadColumn;
    private final List<String> hashes;

    Component(String apiName, String table, String captureColumn, String payloadColumn, List<String> hashes) {
        this.apiName = apiName;
        this.table = table;
        this.captureColumn = captureColumn;
        this.payloadColumn = payloadColumn;
        this.hashes = hashes;
    }

    /** The name used by the engine and in URLs, e.g. {@code planning-env}. */
    public String apiName() {
        return apiName;
    }

    public String table() {
        return table;
    }

    public String captureColumn() {
        return captureColumn;
    }

    public String payloadColumn() {
        return payloadColumn;
    }

    /** Hash names, which are also the hash column names; the first one is required. */
    public List<String> hashes() {
        return hashes;
    }

    public static Optional<Component> byApiName(String name) {
        return Arrays.stream(values()).filter(c -> c.apiName.equals(name)).findFirst();
    }
}
