package dev.planprovenance.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A named set of every plan-shaping knob, pinned explicitly so that no plan depends on the machine it was
 * captured on (DataFusion's own defaults follow the core count). The name and every value enter the capture.
 *
 * @param config extra DataFusion config keys (e.g. {@code datafusion.optimizer.prefer_hash_join}); unknown keys are
 *     refused when a runtime is built from the profile
 * @param disabledRules analyzer, logical or physical optimizer rule names removed from the session
 */
public record RuntimeProfile(
        String name,
        int targetPartitions,
        int batchSize,
        int planningConcurrency,
        long memoryLimitBytes,
        int asyncUdfBatchSize,
        long asyncUdfTimeoutMillis,
        List<String> disabledRules,
        Map<String, String> config) {

    public RuntimeProfile {
        Objects.requireNonNull(name, "name");
        if (targetPartitions < 1 || batchSize < 1 || planningConcurrency < 1 || asyncUdfBatchSize < 1) {
            throw new IllegalArgumentException("profile " + name + ": partitions, batch sizes and concurrency must be >= 1");
        }
        if (memoryLimitBytes < 1 || asyncUdfTimeoutMillis < 1) {
            throw new IllegalArgumentException("profile " + name + ": memory limit and async UDF timeout must be >= 1");
        }
        disabledRules = List.copyOf(disabledRules == null ? List.of() : disabledRules);
        config = Map.copyOf(new TreeMap<>(config == null ? Map.of() : config));
    }

    /** The pinned defaults: 4 partitions whatever the core count, DataFusion's batch size, 1 GiB memory. */
    public static RuntimeProfile defaults(String name) {
        return new RuntimeProfile(name, 4, 8192, 4, 1L << 30, 256, 5_000, List.of(), Map.of());
    }

    public RuntimeProfile withName(String newName) {
        return new RuntimeProfile(newName, targetPartitions, batchSize, planningConcurrency, memoryLimitBytes,
                asyncUdfBatchSize, asyncUdfTimeoutMillis, disabledRules, config);
    }

    public RuntimeProfile withTargetPartitions(int partitions) {
        return new RuntimeProfile(name, partitions, batchSize, planningConcurrency, memoryLimitBytes,
                asyncUdfBatchSize, asyncUdfTimeoutMillis, disabledRules, config);
    }

    public RuntimeProfile withDisabledRules(List<String> rules) {
        return new RuntimeProfile(name, targetPartitions, batchSize, planningConcurrency, memoryLimitBytes,
                asyncUdfBatchSize, asyncUdfTimeoutMillis, rules, config);
    }

    public RuntimeProfile withConfig(Map<String, String> settings) {
        return new RuntimeProfile(name, targetPartitions, batchSize, planningConcurrency, memoryLimitBytes,
                asyncUdfBatchSize, asyncUdfTimeoutMillis, disabledRules, settings);
    }
}
