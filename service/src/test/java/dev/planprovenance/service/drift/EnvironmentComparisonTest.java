package dev.planprovenance.service.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * TPC-H q1-q22 captured under the default profile in one environment and under {@code nohash} (prefer_hash_join
 * false) in another: every plan with a hash join changes (to sort-merge joins), the others stay the same, and the
 * changed plans are grouped by the edit their physical trees share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvironmentComparisonTest extends DriftEndToEndTest {
    private static final String FROM = "cmp-default";
    private static final String TO = "cmp-nohash";

    /** Plan name → its capture in FROM. */
    private final Map<String, JsonNode> defaults = new java.util.TreeMap<>();

    /** Once per class, from the first test (the HTTP client is set per test). */
    private void captureBothEnvironments() throws Exception {
        if (!defaults.isEmpty()) return;
        for (int q = 1; q <= 22; q++) {
            Map<String, Object> request = Requests.schemaOnly("cmp-q" + q, q);
            request.put("environment", FROM);
            defaults.put("cmp-q" + q, capture(request));
            request.put("environment", TO);
            request.put("profile", "nohash");
            capture(request);
        }
        Map<String, Object> extra = Requests.schemaOnly("cmp-only-default", 1);
        extra.put("environment", FROM);
        capture(extra);
    }

    @Test
    void plansWithHashJoinsChangeAndAreGroupedByTheirEdit() throws Exception {
        captureBothEnvironments();
        Http.Response response = http.get("/v1/environments/compare?from=" + FROM + "&to=" + TO);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JsonNode comparison = response.body();
        assertThat(comparison.path("plans_compared").asInt()).isEqualTo(22);
        assertThat(strings(comparison.path("only_in_from"))).containsExactly("cmp-only-default");
        assertThat(comparison.path("only_in_to")).isEmpty();

        // Which plans join with a hash join, read from each default capture's own artifacts: its physical plan
        // tree, or the physical plan EXPLAIN printed when the engine has no plan-tree yet.
        Set<String> withJoins = new HashSet<>();
        boolean trees = hasPlanTree(defaults.values().iterator().next());
        for (Map.Entry<String, JsonNode> e : defaults.entrySet()) {
            boolean join = trees ? ops(artifact(e.getValue(), "plan-tree").at("/content/physical")).contains("HashJoinExec")
                    : physicalPlan(e.getValue()).contains("HashJoinExec");
            if (join) withJoins.add(e.getKey());
        }
        assertThat(withJoins).isNotEmpty();

        Set<String> changed = new HashSet<>();
        for (JsonNode plan : comparison.path("plans")) {
            String name = plan.path("plan_name").asString();
            if (plan.path("status").asString().equals("changed")) {
                changed.add(name);
                assertThat(strings(plan.at("/cause/inputs_changed"))).as(name).containsExactly("planning-env");
                assertThat(strings(plan.at("/cause/outputs_changed"))).as(name).contains("physical-plan");
                assertThat(plan.path("pattern_key").asString()).as(name).isNotBlank();
            } else {
                // Plans without a join: the identity changed (the planning env did) but the plan absorbed it.
                assertThat(plan.at("/cause/verdict").asString()).as(name).isIn("unchanged", "absorbed");
            }
        }
        assertThat(changed).isEqualTo(withJoins);
        assertThat(comparison.path("changed").asInt()).isEqualTo(withJoins.size());
        assertThat(comparison.path("same").asInt()).isEqualTo(22 - withJoins.size());

        List<Integer> counts = new ArrayList<>();
        Set<String> grouped = new HashSet<>();
        int total = 0;
        for (JsonNode group : comparison.path("groups")) {
            counts.add(group.path("count").asInt());
            assertThat(group.path("members")).hasSize(group.path("count").asInt());
            assertThat(strings(group.path("members"))).contains(group.path("example").asString());
            group.path("members").forEach(m -> grouped.add(m.asString()));
            total += group.path("count").asInt();
        }
        assertThat(total).isEqualTo(withJoins.size());
        for (JsonNode group : comparison.path("groups")) {
            if (trees) {
                assertThat(group.path("description").asString()).contains("SortMergeJoinExec");
            } else {
                assertThat(group.path("key").asString()).isEqualTo("no-plan-tree");
            }
        }
        assertThat(grouped).isEqualTo(withJoins);
        assertThat(counts).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void onePlanAcrossTheTwoEnvironments() throws Exception {
        captureBothEnvironments();
        Http.Response response = http.get("/v1/plans/cmp-q3/drift?from_environment=" + FROM + "&to_environment=" + TO);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JsonNode report = response.body();
        assertThat(report.at("/from/environment").asString()).isEqualTo(FROM);
        assertThat(report.at("/to/environment").asString()).isEqualTo(TO);
        assertThat(strings(report.at("/cause/inputs_changed"))).containsExactly("planning-env");
        assertThat(report.at("/components/engine_build/from/profile").asString()).isEqualTo("default");
        assertThat(report.at("/components/engine_build/to/profile").asString()).isEqualTo("nohash");
    }

    /**
     * A thousand plans in each environment (capture rows copied from the 22 real ones, so each comparison works on
     * real documents): every plan is compared, and the groups account for every changed plan. How long it takes is
     * the store-scale benchmark's business (`bench/run store-scale`), not a test's.
     */
    @Test
    void aThousandPlansAreComparedAndGrouped() throws Exception {
        captureBothEnvironments();
        jdbc.sql("INSERT INTO plan (name) SELECT 'perf-' || g FROM generate_series(1, 1000) g").update();
        for (String[] env : new String[][] {{FROM, "perf-from"}, {TO, "perf-to"}}) {
            jdbc.sql("""
                    INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version,
                                         plan_identity_hash, request_key, labels, runtime_profile_key, component_set_key)
                    SELECT gen_random_uuid(), p.id, :env, now(), c.artifact_schema_version, c.plan_identity_hash,
                           c.request_key, c.labels, c.runtime_profile_key, c.component_set_key
                    FROM plan p
                    JOIN plan src ON src.name = 'cmp-q' || (substring(p.name from 6)::int % 22 + 1)
                    JOIN capture c ON c.plan_id = src.id AND c.environment = :source
                    WHERE p.name LIKE 'perf-%'""").param("env", env[1]).param("source", env[0]).update();
        }
        Http.Response response = http.get("/v1/environments/compare?from=perf-from&to=perf-to");
        assertThat(response.status()).isEqualTo(200);
        JsonNode comparison = response.body();
        assertThat(comparison.path("plans_compared").asInt()).isEqualTo(1000);
        // Each copy changed exactly when the real capture it copies changed between the two real environments.
        JsonNode real = http.get("/v1/environments/compare?from=" + FROM + "&to=" + TO).body();
        int expected = 0;
        for (JsonNode plan : real.path("plans")) {
            if (!plan.path("status").asString().equals("changed")) continue;
            int q = Integer.parseInt(plan.path("plan_name").asString().substring("cmp-q".length()));
            // perf-g copies cmp-q(g % 22 + 1): the g in 1..1000 with g % 22 == q - 1.
            for (int g = 1; g <= 1000; g++) if (g % 22 + 1 == q) expected++;
        }
        assertThat(comparison.path("changed").asInt()).isEqualTo(expected);
        int grouped = 0;
        for (JsonNode group : comparison.path("groups")) grouped += group.path("count").asInt();
        assertThat(grouped).isEqualTo(expected);
    }

    /** The final physical plan as the capture's explain rows print it. */
    private String physicalPlan(JsonNode capture) throws Exception {
        for (JsonNode row : artifact(capture, "explain").path("explain_rows").path("indent")) {
            if (row.path("plan_type").asString().equals("physical_plan")) return row.path("plan").asString();
        }
        throw new AssertionError("no physical_plan row");
    }
}
