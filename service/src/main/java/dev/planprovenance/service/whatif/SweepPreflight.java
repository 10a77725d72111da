package dev.planprovenance.service.whatif;

import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.plans.ArtifactQueries;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import dev.planprovenance.service.runtime.RuntimePools;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Refuses a sweep whose overrides a capture would refuse, before its first capture, so a refused sweep stores
 * nothing (its trials commit one by one as they are captured; see {@link SensitivityService}).
 *
 * <p>Keys: the source capture's planning-env document holds every entry of its session's DataFusion config under
 * {@code config}; the engine sets overrides on exactly those options, so any other key is one a capture refuses as
 * unknown-config-key, and all of them are named at once. Values: only the engine knows what it accepts (a number, an
 * enum spelling, ...), so each distinct (key, value) is set on a session of the source's profile by capturing
 * {@value #PROBE} with that override alone, which fails exactly as the trial's capture would (same override, same
 * profile, same problem) at the cost of a trivial plan; nothing of the probe is stored.
 */
@Component
class SweepPreflight {
    /** The smallest query that plans: the probe checks the override, not any plan. */
    static final String PROBE = "SELECT 1";

    private final ArtifactQueries artifacts;
    private final RuntimePools pools;

    SweepPreflight(ArtifactQueries artifacts, RuntimePools pools) {
        this.artifacts = artifacts;
        this.pools = pools;
    }

    void check(Capture source, SweepPlan plan) {
        requireKnownKeys(source, plan.keys());
        requireAcceptedValues(source, plan.trials());
    }

    private void requireKnownKeys(Capture source, List<String> keys) {
        Set<String> known = new HashSet<>();
        JsonNode env = (JsonNode) artifacts.artifact(source.getId(), "planning-env").getContent();
        env.path("config").properties().forEach(e -> known.add(e.getKey()));
        List<String> unknown = keys.stream().filter(k -> !known.contains(k)).toList();
        if (!unknown.isEmpty()) {
            throw new ProblemException(ProblemType.UNKNOWN_CONFIG_KEY, (unknown.size() == 1
                    ? "Unknown config key '" + unknown.get(0) + "'" : "Unknown config keys " + unknown)
                    + ": not an option of the source capture's DataFusion session; nothing was captured.");
        }
    }

    private void requireAcceptedValues(Capture source, List<SweepPlan.Trial> trials) {
        Set<Map<String, String>> overrides = new LinkedHashSet<>();
        trials.forEach(t -> overrides.add(Map.of(t.key(), t.value())));
        try (EngineSession session = pools.borrow(source.getProfile() == null ? "default" : source.getProfile())) {
            for (Map<String, String> override : overrides) session.capture(PROBE, override);
        }
    }
}
