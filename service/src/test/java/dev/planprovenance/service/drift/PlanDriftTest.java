package dev.planprovenance.service.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Captures of TPC-H queries that differ in exactly one input: the report names that input and nothing else, its
 * first diverging rule is the step whose output first differs in the verbose EXPLAIN rows of the two captures (read
 * through the artifacts API), and the plan tree diff names the operator that changed.
 */
class PlanDriftTest extends DriftEndToEndTest {

    @Test
    void identicalCapturesAreUnchangedInEveryComponent() throws Exception {
        JsonNode a = capture(Requests.schemaOnly("drift-same-q5", 5));
        JsonNode b = capture(Requests.schemaOnly("drift-same-q5", 5));
        Http.Response response = http.get("/v1/plans/drift-same-q5/drift?environment=ci");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JsonNode report = response.body();
        assertThat(report.at("/from/id").asString()).isEqualTo(id(a));
        assertThat(report.at("/to/id").asString()).isEqualTo(id(b));
        assertThat(report.path("identity_changed").asBoolean()).isFalse();
        assertThat(report.at("/cause/verdict").asString()).isEqualTo("unchanged");
        assertThat(report.at("/cause/inputs_changed")).isEmpty();
        assertThat(report.at("/cause/outputs_changed")).isEmpty();
        report.path("components").properties().forEach(e -> assertThat(e.getValue().path("status").asString())
                .as(e.getKey()).isIn("unchanged", "unavailable"));
        assertThat(report.at("/components/planning_env/status").asString()).isEqualTo("unchanged");
        assertThat(report.at("/first_diverging_rule/logical/kind").asString()).isEqualTo("none");
        assertThat(report.at("/first_diverging_rule/physical/kind").asString()).isEqualTo("none");
    }

    @Test
    void aConfigKeyThatDisablesHashJoinsIsThePlanningEnv() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("drift-config-q3", 3);
        JsonNode a = capture(request);
        request.put("config", Map.of("datafusion.optimizer.prefer_hash_join", "false"));
        JsonNode b = capture(request);
        JsonNode report = drift(a, b);
        System.out.println("REPORT " + report.toPrettyString());
        assertThat(strings(report.at("/cause/inputs_changed"))).containsExactly("planning-env");
        assertThat(strings(report.at("/cause/outputs_changed"))).contains("physical-plan");
        assertThat(report.at("/cause/verdict").asString()).isEqualTo("drift");
        JsonNode changes = report.at("/components/planning_env/changes");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).path("key").asString()).isEqualTo("datafusion.optimizer.prefer_hash_join");
        assertThat(changes.get(0).path("from").asString()).isEqualTo("true");
        assertThat(changes.get(0).path("to").asString()).isEqualTo("false");
        assertThat(changes.get(0).path("shapes_plans").asBoolean()).isTrue();
        assertThat(report.at("/cause/summary").asString()).contains("datafusion.optimizer.prefer_hash_join");
        assertDivergenceMatchesExplain(report.at("/first_diverging_rule/physical"), a, b, "physical_plan after ",
                "initial_physical_plan");
        assertThat(report.at("/first_diverging_rule/physical/to_output").asString()).contains("SortMergeJoinExec");
        assertThat(report.at("/first_diverging_rule/physical/from_output").asString()).contains("HashJoinExec");
    }

    /**
     * The reported rule is where the two captures' rows first differ: its outputs are the captures' rows (read
     * through the artifacts API), they differ, and the plan each step received was the same in both.
     */
    void assertDivergenceMatchesExplain(JsonNode divergence, JsonNode a, JsonNode b, String stepPrefix,
            String initial) throws Exception {
        List<JsonNode> rowsA = verboseRows(a);
        List<JsonNode> rowsB = verboseRows(b);
        assertThat(divergence.path("kind").asString()).isIn("rule", "planning");
        String fromOutput = divergence.path("from_output").asString();
        String toOutput = divergence.path("to_output").asString();
        assertThat(fromOutput).isNotEqualTo(toOutput);
        if (divergence.path("kind").asString().equals("planning")) {
            assertThat(divergence.path("rule").asString()).isEqualTo(initial);
            assertThat(text(rowsA, initial, 0)).isEqualTo(fromOutput);
            assertThat(text(rowsB, initial, 0)).isEqualTo(toOutput);
            return;
        }
        String planType = stepPrefix + divergence.path("rule").asString();
        String presentIn = divergence.path("present_in").asString();
        if (!presentIn.equals("to_only")) assertThat(rowsA.stream().map(r -> r.path("plan").asString()))
                .contains(fromOutput);
        if (!presentIn.equals("from_only")) assertThat(rowsB.stream().map(r -> r.path("plan").asString()))
                .contains(toOutput);
        assertThat(text(rowsA, initial, 0)).isEqualTo(text(rowsB, initial, 0));
        if (presentIn.equals("both")) {
            int occurrence = 0; // the first occurrence whose outputs differ
            while (text(rowsA, planType, occurrence) != null
                    && text(rowsA, planType, occurrence).equals(text(rowsB, planType, occurrence))) occurrence++;
            assertThat(text(rowsA, planType, occurrence)).isEqualTo(fromOutput);
            assertThat(text(rowsB, planType, occurrence)).isEqualTo(toOutput);
            assertThat(before(rowsA, planType, occurrence, stepPrefix, initial))
                    .isEqualTo(before(rowsB, planType, occurrence, stepPrefix, initial));
        }
    }
}
