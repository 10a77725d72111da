package dev.planprovenance.engine;

import java.util.List;
import java.util.Map;

/**
 * Every artifact of one capture, held on the JVM heap (no native resources).
 *
 * <p>{@code components} are canonical JSON documents keyed by component name ({@code planning-env}, {@code rulepack},
 * {@code explain}, {@code plans}, {@code statistics}, {@code schema}, {@code udfs}, {@code audit}, plus any external
 * component such as {@code delta}). {@code hashes} holds {@code plan_identity_hash}, {@code plan_fingerprint},
 * {@code planning_env_hash}, {@code full_env_hash}, {@code rulepack_hash}, {@code information_schema_hash},
 * {@code udf_catalog_hash}, {@code statistics_hash}, {@code explain_hash}, {@code audit_hash}, ... .
 */
public record CaptureResult(
        Map<String, String> hashes,
        Map<String, String> components,
        Map<String, byte[]> planBytes,
        Map<ExplainFormat, List<ExplainRow>> explain) {

    /** Names of the serialized plans: datafusion-proto logical, optimized logical, physical; Substrait. */
    public static final List<String> PLAN_BYTES =
            List.of("logical_proto", "optimized_logical_proto", "physical_proto", "substrait");

    public static final int ARTIFACT_SCHEMA_VERSION = 6;

    public CaptureResult {
        hashes = Map.copyOf(hashes);
        components = Map.copyOf(components);
        planBytes = Map.copyOf(planBytes);
        explain = Map.copyOf(explain);
    }

    public String hash(String name) {
        String value = hashes.get(name);
        if (value == null) throw new IllegalArgumentException("no hash named " + name + "; have " + hashes.keySet());
        return value;
    }

    public String component(String name) {
        String value = components.get(name);
        if (value == null) throw new IllegalArgumentException("no component " + name + "; have " + components.keySet());
        return value;
    }
}
