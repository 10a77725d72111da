package dev.planprovenance.service.store;

import dev.planprovenance.engine.RuntimeProfile;
import java.util.Map;

/**
 * What a client asked to capture, as stored: {@code tablesJson} is the canonical JSON of the table references.
 */
public record CaptureInput(
        String planName,
        String environment,
        String sql,
        String tablesJson,
        Map<String, String> config,
        Map<String, String> labels,
        RuntimeProfile profile) {

    public CaptureInput {
        config = Map.copyOf(config);
        labels = Map.copyOf(labels);
    }
}
