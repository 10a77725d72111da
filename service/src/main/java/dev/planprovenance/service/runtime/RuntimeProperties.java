package dev.planprovenance.service.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where tables may be read from and how the planning runtimes are built.
 *
 * @param dataRoots folders every table location must lie under ({@code PROVENANCE_DATA_ROOTS}, comma-separated);
 *     none means only schema-only tables and views can be captured
 * @param pool runtimes per profile, how long a capture waits for one, and the Retry-After sent when none came
 * @param profiles named runtime profiles; {@code default} exists even when not configured
 * @param planLimits plans beyond these many operators and expressions, or this deep, are refused (422
 *     plan-too-large) before they are optimized
 */
@ConfigurationProperties("provenance")
public record RuntimeProperties(
        @DefaultValue List<String> dataRoots,
        @DefaultValue Pool pool,
        Map<String, ProfileSettings> profiles,
        @DefaultValue PlanLimitSettings planLimits) {

    public RuntimeProperties {
        dataRoots = dataRoots == null ? List.of() : List.copyOf(dataRoots);
        profiles = profiles == null ? Map.of() : Map.copyOf(profiles);
    }

    /** Defaults as the engine's {@link dev.planprovenance.engine.PlanLimits#defaults()}. */
    public record PlanLimitSettings(@DefaultValue("200000") long maxNodes, @DefaultValue("5000") long maxDepth) {
        public dev.planprovenance.engine.PlanLimits toLimits() {
            return new dev.planprovenance.engine.PlanLimits(maxNodes, maxDepth);
        }
    }

    public record Pool(
            @DefaultValue("2") int size,
            @DefaultValue("5s") Duration borrowTimeout,
            @DefaultValue("1s") Duration retryAfter) {}
}
