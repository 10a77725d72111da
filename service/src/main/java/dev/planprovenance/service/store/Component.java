package dev.planprovenance.service.store;

import dev.planprovenance.service.api.model.ComponentName;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The engine's own components and the tables that store them. The component names come from {@link ComponentName},
 * generated from openapi/openapi.yaml: a constant here must be named like a value there (class initialisation fails
 * otherwise). A name of {@link ComponentName} without a constant here is an external component (a table format the
 * engine does not read itself, e.g. {@code delta}), stored in external_component by {@link ExternalComponentStore}.
 * Every table here is keyed by content_key and holds its hash columns (named like the engine's hashes) and the
 * document.
 */
public enum Component {
    PLANNING_ENV("planning_env", "payload", List.of("planning_env_hash", "full_env_hash")),
    RULEPACK("rulepack", "payload", List.of("rulepack_hash")),
    EXPLAIN("explain_document", "payload", List.of("explain_hash")),
    PLANS("plan_artifact", "plans", List.of("plan_fingerprint")),
    STATISTICS("plan_statistics", "payload", List.of("statistics_hash")),
    SCHEMA("schema_diagnostics", "payload", List.of("information_schema_hash")),
    UDFS("udf_catalog", "payload", List.of("udf_catalog_hash")),
    AUDIT("audit_bundle", "payload", List.of("audit_hash")),
    PLAN_TREE("plan_tree", "payload", List.of("plan_tree_hash"));

    private final ComponentName api = ComponentName.valueOf(name());
    private final String table;
    private final String payloadColumn;
    private final List<String> hashes;

    Component(String table, String payloadColumn, List<String> hashes) {
        this.table = table;
        this.payloadColumn = payloadColumn;
        this.hashes = hashes;
    }

    /** The name used by the engine and in URLs, e.g. {@code planning-env}. */
    public String apiName() {
        return api.getValue();
    }

    public String table() {
        return table;
    }

    public String payloadColumn() {
        return payloadColumn;
    }

    /** Hash names, which are also the hash column names; the first one is required. */
    public List<String> hashes() {
        return hashes;
    }

    /** The API's component of this name (a value of {@link ComponentName}); empty if the API names none. */
    public static Optional<ComponentName> named(String name) {
        return Arrays.stream(ComponentName.values()).filter(c -> c.getValue().equals(name)).findFirst();
    }

    /** The external component of this name: one the API names and the engine does not produce itself. */
    public static Optional<ComponentName> external(String name) {
        return named(name).filter(c -> of(c).isEmpty());
    }

    /** The engine's component of this name; empty for an external component. */
    public static Optional<Component> of(ComponentName name) {
        return Arrays.stream(values()).filter(c -> c.api == name).findFirst();
    }
}
