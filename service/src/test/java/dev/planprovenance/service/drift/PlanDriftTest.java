package dev.planprovenance.service.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
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
        assertTreeEdit(report, a, b, "physical_plan", "SortMergeJoinExec", null);
    }

    @Test
    void aDisabledOptimizerRuleIsTheRulepackAndTheFirstDivergingLogicalRule() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("drift-rule-q3", 3);
        JsonNode a = capture(request);
        request.put("profile", "nopushdown");
        JsonNode b = capture(request);
        JsonNode report = drift(a, b);
        assertThat(strings(report.at("/cause/inputs_changed"))).containsExactly("rulepack");
        assertThat(report.at("/cause/verdict").asString()).isEqualTo("drift");
        JsonNode logical = report.at("/first_diverging_rule/logical");
        assertThat(logical.path("kind").asString()).isEqualTo("rule");
        assertThat(logical.path("rule").asString()).isEqualTo("push_down_filter");
        assertThat(logical.path("present_in").asString()).isEqualTo("from_only");
        assertDivergenceMatchesExplain(logical, a, b, "logical_plan after ", "initial_logical_plan");
        assertThat(text(verboseRows(b), "logical_plan after push_down_filter", 0)).isNull();
        JsonNode rulepack = report.at("/components/rulepack");
        assertThat(strings(rulepack.path("disabled_to"))).containsExactly("push_down_filter");
        assertThat(rulepack.path("removed").findValuesAsString("rule")).contains("push_down_filter");
        assertThat(rulepack.path("added")).isEmpty();
        assertThat(report.at("/components/planning_env/changes")).isEmpty();
        assertThat(report.at("/cause/summary").asString()).contains("rulepack", "push_down_filter");
        assertTreeEdit(report, a, b, "logical_plan", "Filter", null);
    }

    @Test
    void aTableThousandTimesLargerSwapsTheJoinAtJoinSelection() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("drift-stats-q3", 3);
        JsonNode a = capture(request);
        JsonNode b = capture(scaled(request, "customer", 1000));
        JsonNode report = drift(a, b);
        assertThat(strings(report.at("/cause/inputs_changed"))).containsExactly("statistics");
        assertThat(report.at("/cause/verdict").asString()).isEqualTo("drift");
        assertThat(strings(report.at("/cause/outputs_changed"))).contains("physical-plan");
        JsonNode physical = report.at("/first_diverging_rule/physical");
        assertThat(physical.path("kind").asString()).isEqualTo("rule");
        assertThat(physical.path("rule").asString()).isEqualTo("join_selection");
        assertThat(physical.path("present_in").asString()).isEqualTo("both");
        assertDivergenceMatchesExplain(physical, a, b, "physical_plan after ", "initial_physical_plan");
        JsonNode customer = null;
        for (JsonNode change : report.at("/components/statistics/changes")) {
            if (change.path("scan").asString().equals("customer") && change.path("statistic").asString().equals("num_rows")) {
                customer = change;
            }
        }
        assertThat(customer).as("the customer scan's num_rows change").isNotNull();
        assertThat(customer.path("ratio").asDouble()).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(customer.path("noise").asBoolean()).isFalse();
        assertThat(report.at("/components/statistics/status").asString()).isEqualTo("changed");
        assertTreeEdit(report, a, b, "physical_plan", "HashJoinExec", null);
    }

    @Test
    void statisticsThreePercentOffAreNoise() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("drift-noise-q12", 12);
        JsonNode a = capture(request);
        JsonNode b = capture(scaled(request, "orders", 1.03));
        JsonNode report = drift(a, b);
        assertThat(report.at("/components/statistics/status").asString()).isEqualTo("noise");
        assertThat(report.at("/components/statistics/changes")).isNotEmpty();
        report.at("/components/statistics/changes").forEach(c -> assertThat(c.path("noise").asBoolean()).isTrue());
        assertThat(report.at("/cause/verdict").asString()).isNotIn("drift", "nondeterministic");
        assertThat(report.at("/cause/inputs_changed")).isEmpty();
        assertThat(report.at("/cause/statistics_noise").asBoolean()).isTrue();
        // With a tolerance below 3 % the same change is an input.
        Http.Response strict = http.get("/v1/plans/drift-noise-q12/drift?from=" + id(a) + "&to=" + id(b)
                + "&statistics_tolerance=0.01");
        assertThat(strings(strict.body().at("/cause/inputs_changed"))).containsExactly("statistics");
        assertThat(strict.body().at("/components/statistics/status").asString()).isEqualTo("changed");
    }

    @Test
    void aNewColumnIsTheSchema() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("drift-schema-q3", 3);
        JsonNode a = capture(request);
        JsonNode b = capture(withColumn(request, "customer", "c_loyalty"));
        JsonNode report = drift(a, b);
        assertThat(strings(report.at("/cause/inputs_changed"))).containsExactly("schema");
        JsonNode columns = report.at("/components/schema/columns");
        assertThat(columns).hasSize(1);
        assertThat(columns.get(0).path("table").asString()).isEqualTo("customer");
        assertThat(columns.get(0).path("column").asString()).isEqualTo("c_loyalty");
        assertThat(columns.get(0).path("change").asString()).isEqualTo("added");
        assertThat(report.at("/cause/summary").asString()).contains("customer.c_loyalty");
    }

    @Test
    void anAsyncUdfBatchSizeIsTheUdfCatalog() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("drift-udf-q6", 6);
        JsonNode a = capture(request);
        request.put("profile", "smallbatch");
        JsonNode b = capture(request);
        JsonNode report = drift(a, b);
        assertThat(strings(report.at("/cause/inputs_changed"))).containsExactly("udfs");
        // q6 calls no async UDF: the plan absorbs the change.
        assertThat(report.at("/cause/verdict").asString()).isEqualTo("absorbed");
        JsonNode changed = report.at("/components/udfs/changed");
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).path("name").asString()).isEqualTo("data_file_bytes");
        assertThat(changed.get(0).path("properties").findValuesAsString("property")).containsExactly("async_settings");
    }
}
