package dev.planprovenance.engine;

import dev.planprovenance.engine.contract.ArtifactSchema;
import dev.planprovenance.engine.contract.PlanEncoding;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every artifact of one capture, held on the JVM heap (no native resources).
 *
 * <p>{@code components} are canonical JSON documents keyed by component name ({@code planning-env}, {@code rulepack},
 * {@code explain}, {@code plans}, {@code statistics}, {@code schema}, {@code udfs}, {@code audit}, plus any external
 * component such as {@code delta}, whose hash is named in {@code externalHashNames}). {@code hashes} holds {@code plan_identity_hash}, {@code plan_fingerprint},
 * {@code planning_env_hash}, {@code full_env_hash}, {@code rulepack_hash}, {@code information_schema_hash},
 * {@code udf_catalog_hash}, {@code statistics_hash}, {@code explain_hash}, {@code audit_hash}, ... .
 */
public record CaptureResult(
        Map<String, String> hashes,
        Map<String, String> components,
        Map<String, byte[]> planBytes,
        Map<ExplainFormat, List<ExplainRow>> explain,
        Map<String, String> externalHashNames) {

    /**
     * Names of the serialized plans (datafusion-proto logical, optimized logical, physical; Substrait): the contract's
     * {@link PlanEncoding} values in lower case.
     */
    public static final List<String> PLAN_BYTES = Arrays.stream(PlanEncoding.values())
            .filter(e -> e != PlanEncoding.PLAN_ENCODING_UNSPECIFIED && e != PlanEncoding.UNRECOGNIZED)
            .map(CaptureResult::planBytesName)
            .toList();

    /** The artifact layout every capture records, as the contract states it. */
    public static final int ARTIFACT_SCHEMA_VERSION = ArtifactSchema.ARTIFACT_SCHEMA_CURRENT_VALUE;

    static String planBytesName(PlanEncoding encoding) {
        return encoding.name().toLowerCase(Locale.ROOT);
    }

    public CaptureResult {
        hashes = Map.copyOf(hashes);
        components = Map.copyOf(components);
        planBytes = Map.copyOf(planBytes);
        explain = Map.copyOf(explain);
        externalHashNames = Map.copyOf(externalHashNames);
    }

    /** A result without external components. */
    public CaptureResult(Map<String, String> hashes, Map<String, String> components, Map<String, byte[]> planBytes,
            Map<ExplainFormat, List<ExplainRow>> explain) {
        this(hashes, components, planBytes, explain, Map.of());
    }

    /** The name of an external component's hash among {@link #hashes()}, as its source gave it. */
    public String externalHashName(String component) {
        String name = externalHashNames.get(component);
        if (name == null) throw new IllegalArgumentException("no external component " + component);
        return name;
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
