package dev.planprovenance.service.capture;

import dev.planprovenance.engine.CaptureResult;
import dev.planprovenance.engine.ExplainFormat;
import dev.planprovenance.engine.ExplainRow;
import dev.planprovenance.engine.RuntimeProfile;
import dev.planprovenance.service.store.CaptureInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Capture results written as the engine's contract describes them, for store tests that must not depend on the
 * native library. End-to-end tests use real engine captures.
 */
final class Captures {
    private Captures() {}

    static CaptureResult result(String planningEnv) {
        Map<String, String> hashes = new HashMap<>();
        for (String name : List.of("plan_identity_hash", "plan_fingerprint", "full_env_hash", "rulepack_hash",
                "information_schema_hash", "udf_catalog_hash", "statistics_hash", "explain_hash", "plan_tree_hash")) {
            hashes.put(name, "sha256:" + name);
        }
        hashes.put("planning_env_hash", "sha256:env-" + planningEnv.hashCode());
        hashes.put("audit_hash", "sha256:audit-" + planningEnv.hashCode());
        Map<String, String> components = new HashMap<>();
        components.put("planning-env", "{\"session_config\":{\"datafusion.execution.target_partitions\":\""
                + planningEnv + "\"}}");
        components.put("rulepack", "{\"analyzer_rules\":[\"type_coercion\"],\"optimizer_rules\":[\"push_down_filter\"]}");
        components.put("explain", "{\"formats\":[\"tree\",\"indent\",\"verbose\"]}");
        components.put("plans", "{\"round_trip\":{\"logical\":\"ok\"}}");
        components.put("statistics", "{\"root\":{\"num_rows\":{\"exact\":10}}}");
        components.put("schema", "{\"tables\":[{\"table\":\"t\",\"ddl\":null},{\"table\":\"v\",\"ddl\":\"SELECT a FROM t\"}]}");
        components.put("udfs", "{\"functions\":[{\"name\":\"abs\",\"volatility\":\"immutable\"}]}");
        components.put("plan-tree", "{\"version\":1,\"logical\":{\"op\":\"Projection\",\"props\":{},\"children\":[]}}");
        components.put("audit", "{\"hashes\":{\"planning_env_hash\":\"" + hashes.get("planning_env_hash") + "\"}}");
        Map<String, byte[]> bytes = Map.of("logical_proto", new byte[] {1, 2}, "optimized_logical_proto",
                new byte[] {3}, "physical_proto", new byte[] {4, 5, 6}, "substrait", new byte[] {7});
        Map<ExplainFormat, List<ExplainRow>> explain = Map.of(
                ExplainFormat.TREE, List.of(new ExplainRow("physical_plan", "┌──┐\n│ProjectionExec│")),
                ExplainFormat.INDENT, List.of(new ExplainRow("logical_plan", "Projection: t.a"),
                        new ExplainRow("physical_plan", "ProjectionExec")),
                ExplainFormat.VERBOSE, List.of(new ExplainRow("initial_logical_plan", "Projection: t.a"),
                        new ExplainRow("logical_plan after push_down_filter", "SAME TEXT AS ABOVE")));
        return new CaptureResult(hashes, components, bytes, explain);
    }

    /** {@code result} with one more component described outside the engine, hashed as the engine hashes one. */
    static CaptureResult withExternal(CaptureResult result, String component, String document) {
        Map<String, String> hashes = new HashMap<>(result.hashes());
        String hashName = component.replace('-', '_') + "_snapshot_hash";
        hashes.put(hashName, "sha256:" + component + "-" + document.hashCode());
        Map<String, String> components = new HashMap<>(result.components());
        components.put(component, document);
        return new CaptureResult(hashes, components, result.planBytes(), result.explain(), Map.of(component, hashName));
    }

    static CaptureInput input(String planName) {
        return new CaptureInput(planName, "test", "SELECT a FROM t", "[{\"name\":\"t\"}]",
                Map.of("datafusion.optimizer.prefer_hash_join", "false"), Map.of("team", "core"),
                RuntimeProfile.defaults("default"));
    }
}
