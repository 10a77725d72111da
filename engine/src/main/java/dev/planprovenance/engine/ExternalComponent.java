package dev.planprovenance.engine;

import java.util.Objects;

/**
 * A component captured outside the engine (a Delta snapshot's identity), hashed by the engine's one canonical
 * encoding into plan identity and the audit.
 *
 * @param name the component's name, e.g. {@code delta}
 * @param hashName the name of its hash among the capture's hashes, e.g. {@code delta_snapshot_hash}
 * @param json its document
 */
public record ExternalComponent(String name, String hashName, String json) {
    public ExternalComponent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hashName, "hashName");
        Objects.requireNonNull(json, "json");
    }
}
