package dev.planprovenance.service.whatif;

import dev.planprovenance.service.api.model.DeclaredStatistics;
import java.util.Map;

/**
 * What a recapture changes about its source capture's request: another runtime profile (null: the source's), config
 * overrides laid over the source's own, replacement declared statistics by table name, where the new capture is
 * stored, and its labels (the caller's, plus the labels that say where it came from).
 */
record WhatIf(String profile, Map<String, String> config, Map<String, DeclaredStatistics> statistics,
        String environment, Map<String, String> labels) {

    /** Where what-if captures go unless the caller says otherwise, so a plan's own history stays as it was. */
    static final String DEFAULT_ENVIRONMENT = "what-if";

    WhatIf {
        config = config == null ? Map.of() : Map.copyOf(config);
        statistics = statistics == null ? Map.of() : Map.copyOf(statistics);
        environment = environment == null ? DEFAULT_ENVIRONMENT : environment;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
