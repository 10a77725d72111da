package dev.planprovenance.service.whatif;

import dev.planprovenance.service.plans.ArtifactQueries;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Which config keys a capture's session knew: the keys of its planning-env document's {@code config}, which holds
 * every entry of the session's DataFusion config. The engine sets overrides on exactly those options (an unknown key
 * fails there as unknown-config-key), so checking a sweep's keys against them refuses a bad key before the first
 * capture instead of after some trials were captured.
 */
@Component
class ConfigKeys {
    private final ArtifactQueries artifacts;

    ConfigKeys(ArtifactQueries artifacts) {
        this.artifacts = artifacts;
    }

    /** Refuses every key the capture's session did not have, naming them all. */
    void requireKnown(UUID captureId, List<String> keys) {
        Set<String> known = known(captureId);
        List<String> unknown = keys.stream().filter(k -> !known.contains(k)).toList();
        if (!unknown.isEmpty()) {
            throw new ProblemException(ProblemType.UNKNOWN_CONFIG_KEY, (unknown.size() == 1
                    ? "Unknown config key '" + unknown.get(0) + "'" : "Unknown config keys " + unknown)
                    + ": not an option of the source capture's DataFusion session; nothing was captured.");
        }
    }

    private Set<String> known(UUID captureId) {
        JsonNode env = (JsonNode) artifacts.artifact(captureId, "planning-env").getContent();
        Set<String> keys = new HashSet<>();
        env.path("config").properties().forEach(e -> keys.add(e.getKey()));
        return keys;
    }
}
