package dev.planprovenance.service.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.Http;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Plans far deeper than JSON readers nest by default (Jackson stops at 500-1 000 levels): the plan tree is stored
 * flat, so it is stored, served and diffed like any other. Each IN subquery becomes a semi join over the plan below
 * it, several operators deep.
 */
class DeepPlanDriftTest extends DriftEndToEndTest {

    private static Map<String, Object> nestedSubqueries(String plan, int n) {
        String predicates = IntStream.range(0, n)
                .mapToObj(i -> "a IN (SELECT a FROM t WHERE a = " + i + ")")
                .collect(Collectors.joining(" AND "));
        Map<String, Object> table = Map.of("name", "t",
                "schema", List.of(Map.of("name", "a", "type", "BIGINT", "nullable", false)),
                "statistics", Map.of("num_rows", 1000));
        return Map.of("plan_name", plan, "environment", "deep", "sql", "SELECT a FROM t WHERE " + predicates,
                "tables", List.of(table));
    }

    private static int depth(JsonNode side) {
        JsonNode nodes = side.path("nodes");
        int[] depths = new int[nodes.size()];
        int deepest = 0;
        for (int i = 0; i < nodes.size(); i++) {
            for (JsonNode child : nodes.get(i).path("children")) depths[child.asInt()] = depths[i] + 1;
            deepest = Math.max(deepest, depths[i]);
        }
        return deepest;
    }

    @Test
    void aDeepPlanIsStoredServedAndDiffed() throws Exception {
        JsonNode shallower = capture(nestedSubqueries("deep-subqueries", 300));
        JsonNode deeper = capture(nestedSubqueries("deep-subqueries", 301));

        JsonNode tree = artifact(deeper, "plan-tree").path("content");
        // Deep enough that the nested form (two JSON levels per plan level) would exceed 1 000 levels.
        assertThat(depth(tree.path("physical"))).isGreaterThan(550);

        JsonNode report = drift(shallower, deeper);
        assertThat(report.at("/cause/inputs_changed").toString()).contains("sql");
        assertThat(report.at("/components/physical_plan/status").asString()).isEqualTo("changed");
        assertThat(report.at("/components/physical_plan/edits").size()).isPositive();
        assertThat(report.at("/components/logical_plan/status").asString()).isEqualTo("changed");

        Http.Response same = http.get("/v1/plans/deep-subqueries/drift?from=" + id(deeper) + "&to=" + id(deeper));
        assertThat(same.status()).as(same.body().toString()).isEqualTo(200);
        assertThat(same.body().at("/cause/verdict").asString()).isEqualTo("unchanged");
    }
}
