package dev.planprovenance.service.runtime;

import dev.planprovenance.engine.RuntimeProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * One configured profile ({@code provenance.profiles.<name>.*}). Anything left out takes the engine's pinned
 * default, never a value derived from this machine, so the same profile plans the same everywhere.
 */
public record ProfileSettings(
        Integer targetPartitions,
        Integer batchSize,
        Integer planningConcurrency,
        DataSize memoryLimit,
        Integer asyncUdfBatchSize,
        Duration asyncUdfTimeout,
        List<String> disabledRules,
        Map<String, String> config) {

    public RuntimeProfile toProfile(String name) {
        RuntimeProfile d = RuntimeProfile.defaults(name);
        return new RuntimeProfile(
                name,
                targetPartitions != null ? targetPartitions : d.targetPartitions(),
                batchSize != null ? batchSize : d.batchSize(),
                planningConcurrency != null ? planningConcurrency : d.planningConcurrency(),
                memoryLimit != null ? memoryLimit.toBytes() : d.memoryLimitBytes(),
                asyncUdfBatchSize != null ? asyncUdfBatchSize : d.asyncUdfBatchSize(),
                asyncUdfTimeout != null ? asyncUdfTimeout.toMillis() : d.asyncUdfTimeoutMillis(),
                disabledRules != null ? disabledRules : d.disabledRules(),
                config != null ? config : d.config());
    }
}
