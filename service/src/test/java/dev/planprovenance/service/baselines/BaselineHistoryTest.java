package dev.planprovenance.service.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Baselines: approve, replace, retire, read back with who and why; captures that cannot be the baseline. */
class BaselineHistoryTest extends GateEndToEndTest {

    @Test
    void historyShowsApproveReplaceAndRetireInOrderWithWhoAndWhy() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("baseline-history-q6", 6);
        JsonNode first = capture(request);
        JsonNode second = capture(request);
        approved(first, "alice", "initial approval", null);
        JsonNode replaced = approved(second, "bob", "new engine build", Map.of("statistics", Map.of("within", 1.2),
                "udfs", "ignore"));
        assertThat(replaced.at("/current/capture_id").asString()).isEqualTo(id(second));
        assertThat(replaced.at("/current/tolerances/statistics/within").asDouble()).isEqualTo(1.2);

        Http.Response retired = retire("baseline-history-q6", "ci", "carol", "plan retired with the pipeline step");
        assertThat(retired.status()).as(retired.body().toString()).isEqualTo(200);
        assertThat(retired.body().has("current")).isFalse();

        JsonNode history = http.get("/v1/plans/baseline-history-q6/baselines/ci").body();
        JsonNode events = history.path("history");
        assertThat(events).hasSize(3);
        assertThat(events.findValuesAsString("action")).containsExactly("approved", "approved", "retired");
        assertThat(events.findValuesAsString("by")).containsExactly("alice", "bob", "carol");
        assertThat(events.findValuesAsString("reason"))
                .containsExactly("initial approval", "new engine build", "plan retired with the pipeline step");
        assertThat(events.get(0).has("replaces_capture_id")).isFalse();
        assertThat(events.get(1).path("replaces_capture_id").asString()).isEqualTo(id(first));
        assertThat(events.get(2).path("capture_id").asString()).isEqualTo(id(second));
        assertThat(events.get(0).path("at").asString()).isLessThanOrEqualTo(events.get(2).path("at").asString());

        // Retired: nothing in force, so a second retirement is not-found and a check has no baseline.
        assertThat(retire("baseline-history-q6", "ci", "carol", "again").problemType()).isEqualTo("not-found");
        assertThat(check(request).body().path("verdict").asString()).isEqualTo("no_baseline");
    }

    @Test
    void aCaptureOfAnotherPlanOrEnvironmentIsRefused() throws Exception {
        JsonNode q1 = capture(Requests.schemaOnly("baseline-mismatch-q1", 1));
        Map<String, Object> elsewhere = Requests.schemaOnly("baseline-mismatch-q1", 1);
        elsewhere.put("environment", "prod");
        JsonNode prod = capture(elsewhere);
        JsonNode q6 = capture(Requests.schemaOnly("baseline-mismatch-q6", 6));

        Http.Response otherPlan = approve("baseline-mismatch-q1", "ci", body(id(q6)));
        assertThat(otherPlan.status()).isEqualTo(422);
        assertThat(otherPlan.problemType()).isEqualTo("baseline-mismatch");
        assertThat(otherPlan.body().path("detail").asString()).contains("baseline-mismatch-q6");
        Http.Response otherEnvironment = approve("baseline-mismatch-q1", "ci", body(id(prod)));
        assertThat(otherEnvironment.problemType()).isEqualTo("baseline-mismatch");
        assertThat(otherEnvironment.body().path("detail").asString()).contains("'prod'");
        assertThat(approve("baseline-mismatch-q1", "ci", body("00000000-0000-0000-0000-0000000000bb")).problemType())
                .isEqualTo("not-found");
        Map<String, Object> badTolerance = body(id(q1));
        badTolerance.put("tolerances", Map.of("physical_plan", Map.of("within", 2)));
        assertThat(approve("baseline-mismatch-q1", "ci", badTolerance).status()).isEqualTo(400);
        assertThat(http.get("/v1/plans/baseline-mismatch-q1/baselines/ci").problemType()).isEqualTo("not-found");
        assertThat(approve("baseline-mismatch-q1", "ci", body(id(q1))).status()).isEqualTo(200);
    }

    private static Map<String, Object> body(String captureId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("capture_id", captureId);
        body.put("approved_by", "alice");
        body.put("reason", "why not");
        return body;
    }
}
