package dev.planprovenance.service.whatif;

import static dev.planprovenance.service.whatif.RecaptureTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * POST /v1/captures/{id}/sensitivity and GET /v1/plans/{plan_name}/sensitivity on the real engine and PostgreSQL,
 * over TPC-H q3 (a three-way join) on schema-only tables with scale-factor-100 statistics: turning hash joins off
 * moves the plan; {@value #NEUTRAL} (how many threads plan, not what they plan) does not.
 */
class SensitivitySweepTest extends EndToEndTest {
    private static final String HASH_JOIN = "datafusion.optimizer.prefer_hash_join";
    private static final String NEUTRAL = "datafusion.execution.planning_concurrency";

    @Test
    void onlyTheKeysThatMoveThePlanAreSensitiveAndThePlanListsItsSweepsNewestFirst() throws Exception {
        String sourceId = source("sweep-q3");
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put(HASH_JOIN, List.of("false"));
        keys.put(NEUTRAL, List.of("3"));
        Map<String, Long> before = rowCounts();

        Http.Response created = http.post("/v1/captures/" + sourceId + "/sensitivity", Map.of("keys", keys));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().path("trials").size()).isEqualTo(2);
        // One capture per trial; the preflight's probes of each value store nothing.
        assertThat(growth(before, rowCounts()).get("capture")).isEqualTo(2L);
        JsonNode sweep = created.body();
        String sweepId = sweep.path("id").asString();
        assertThat(sweep.path("plan_name").asString()).isEqualTo("sweep-q3");
        assertThat(sweep.path("source_capture_id").asString()).isEqualTo(sourceId);
        assertThat(strings(sweep.path("sensitive_keys"))).containsExactly(HASH_JOIN);

        JsonNode trials = sweep.path("trials");
        assertThat(strings(trials, "key")).containsExactly(HASH_JOIN, NEUTRAL);
        assertThat(strings(trials, "value")).containsExactly("false", "3");
        JsonNode hashJoin = trials.get(0);
        assertThat(hashJoin.path("plan_changed").asBoolean()).isTrue();
        assertThat(hashJoin.path("identity_changed").asBoolean()).isTrue();
        assertThat(hashJoin.path("summary").asString()).contains("planning-env", HASH_JOIN, "physical plan changed");
        JsonNode physical = hashJoin.path("first_diverging_rule").path("physical");
        assertThat(physical.path("kind").asString()).isNotEqualTo("none");
        // The trial keeps where the plans diverged, not the renderings: those are in the trial's drift report.
        assertThat(physical.has("from_output") || physical.has("to_output")).isFalse();
        JsonNode report = http.get("/v1/plans/sweep-q3/drift?from=" + sourceId + "&to="
                + hashJoin.path("capture_id").asString()).body();
        assertThat(report.path("cause").path("summary").asString()).isEqualTo(hashJoin.path("summary").asString());
        assertThat(report.path("first_diverging_rule").path("physical").path("rule")).isEqualTo(physical.path("rule"));
        JsonNode neutral = trials.get(1);
        assertThat(neutral.path("plan_changed").asBoolean()).isFalse();
        assertThat(neutral.path("identity_changed").asBoolean()).isFalse();
        assertThat(neutral.path("first_diverging_rule").path("physical").path("kind").asString()).isEqualTo("none");

        // Each trial is a stored capture in what-if, with only its key changed, labelled with where it came from.
        for (JsonNode trial : trials) {
            JsonNode capture = http.get("/v1/captures/" + trial.path("capture_id").asString()).body();
            assertThat(capture.path("environment").asString()).isEqualTo("what-if");
            assertThat(Http.json().convertValue(capture.path("config"), Map.class))
                    .isEqualTo(Map.of(trial.path("key").asString(), trial.path("value").asString()));
            assertThat(Http.json().convertValue(capture.path("labels"), Map.class))
                    .isEqualTo(Map.of("recapture_of", sourceId, "sensitivity_sweep", sweepId));
        }
        assertThat(http.get("/v1/plans/sweep-q3/captures?environment=ci").body().path("total_items").asLong())
                .isEqualTo(1);
        // The second trial's identity differs from the first's in what-if, but trials are experiments, not changes
        // that happened to the plan: the drift feed records none of them.
        JsonNode feed = http.get("/v1/drift?environment=what-if&size=200").body();
        for (JsonNode trial : trials) {
            assertThat(feed.path("items").findValuesAsString("to_capture_id"))
                    .doesNotContain(trial.path("capture_id").asString());
        }

        Http.Response second = http.post("/v1/captures/" + sourceId + "/sensitivity",
                Map.of("keys", Map.of(NEUTRAL, List.of("2", "5")), "environment", "sweeps"));
        assertThat(second.status()).as(second.body().toString()).isEqualTo(201);
        assertThat(second.body().path("sensitive_keys")).isEmpty();

        Http.Response listed = http.get("/v1/plans/sweep-q3/sensitivity");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("items")).containsExactly(second.body(), sweep);
    }

    @Test
    void anUnknownKeyIsRefusedBeforeAnythingIsCaptured() throws Exception {
        String sourceId = source("sweep-bad-key");
        Map<String, Long> before = rowCounts();
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put(HASH_JOIN, List.of("false"));
        keys.put("datafusion.optimizer.no_such_option", List.of("true"));

        Http.Response refused = http.post("/v1/captures/" + sourceId + "/sensitivity", Map.of("keys", keys));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.problemType()).isEqualTo("unknown-config-key");
        assertThat(refused.body().path("detail").asString()).contains("datafusion.optimizer.no_such_option");
        assertNothingStored(before, "sweep-bad-key");
    }

    @Test
    void aValueTheEngineRefusesIsRefusedBeforeAnythingIsCaptured() throws Exception {
        String sourceId = source("sweep-bad-value");
        Map<String, Long> before = rowCounts();
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put(HASH_JOIN, List.of("false"));
        keys.put("datafusion.execution.batch_size", List.of("not-a-number"));

        Http.Response refused = http.post("/v1/captures/" + sourceId + "/sensitivity", Map.of("keys", keys));

        // The problem POST /v1/captures answers for the same value (the sweep captures through it).
        Map<String, Object> direct = new LinkedHashMap<>(Requests.schemaOnly("sweep-bad-value-direct", 3));
        direct.put("config", Map.of("datafusion.execution.batch_size", "not-a-number"));
        Http.Response captured = http.post("/v1/captures", direct);
        assertThat(captured.status()).isBetween(400, 499);
        assertThat(refused.status()).isEqualTo(captured.status());
        assertThat(refused.problemType()).isEqualTo(captured.problemType());
        assertThat(refused.body().path("detail").asString()).contains("batch_size");
        // Not even the first trial, whose value is fine, was captured.
        assertNothingStored(before, "sweep-bad-value");
    }

    @Test
    void aSweepBeyondItsBoundsIsRefused() throws Exception {
        String sourceId = source("sweep-bounds");
        Map<String, Long> before = rowCounts();
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= 21; i++) values.add(Integer.toString(i));
        Map<String, Object> keys = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) keys.put("datafusion.key_" + i, List.of("1"));

        for (Object body : List.of(Map.of("keys", Map.of(NEUTRAL, values)), Map.of("keys", Map.of(NEUTRAL, List.of())),
                Map.of("keys", Map.of()), Map.of("keys", keys))) {
            Http.Response refused = http.post("/v1/captures/" + sourceId + "/sensitivity", body);
            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
            assertThat(refused.problemType()).isEqualTo("invalid-request");
        }
        assertNothingStored(before, "sweep-bounds");
    }

    @Test
    void anUnknownCaptureOrPlanIsNotFound() throws Exception {
        Http.Response sweep = http.post("/v1/captures/00000000-0000-0000-0000-000000000000/sensitivity",
                Map.of("keys", Map.of(HASH_JOIN, List.of("false"))));
        assertThat(sweep.status()).isEqualTo(404);
        assertThat(sweep.problemType()).isEqualTo("not-found");

        Http.Response list = http.get("/v1/plans/no-such-plan/sensitivity");
        assertThat(list.status()).isEqualTo(404);
        assertThat(list.problemType()).isEqualTo("not-found");
    }

    private void assertNothingStored(Map<String, Long> before, String planName) throws Exception {
        assertThat(growth(before, rowCounts())).isEmpty();
        Http.Response listed = http.get("/v1/plans/" + planName + "/sensitivity");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("items")).isEmpty();
    }

    private String source(String planName) throws Exception {
        Http.Response created = http.post("/v1/captures", Requests.schemaOnly(planName, 3));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().path("id").asString();
    }
}
