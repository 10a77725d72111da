package dev.planprovenance.service.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a drift request that cannot be answered gets: a problem of a stable type, never a 500. */
class DriftProblemsTest extends DriftEndToEndTest {

    @Test
    void unknownPlansAndCapturesAreNotFound() throws Exception {
        JsonNode a = capture(Requests.schemaOnly("drift-problems-q1", 1));
        assertProblem(http.get("/v1/plans/no-such-plan/drift"), 404, "not-found");
        assertProblem(http.get("/v1/plans/drift-problems-q1/drift?from=" + UUID.randomUUID() + "&to=" + id(a)),
                404, "not-found");
        assertProblem(http.get("/v1/plans/drift-problems-q1/drift?to=" + UUID.randomUUID()), 404, "not-found");
    }

    @Test
    void aCaptureOfAnotherPlanIsAMismatch() throws Exception {
        JsonNode mine = capture(Requests.schemaOnly("drift-mismatch-q1", 1));
        JsonNode other = capture(Requests.schemaOnly("drift-mismatch-other-q6", 6));
        assertProblem(http.get("/v1/plans/drift-mismatch-q1/drift?from=" + id(other) + "&to=" + id(mine)), 422,
                "capture-plan-mismatch");
        assertProblem(http.get("/v1/plans/drift-mismatch-q1/drift?from=" + id(other)), 422, "capture-plan-mismatch");
    }

    @Test
    void oneCaptureOnlyIsNothingToCompare() throws Exception {
        JsonNode only = capture(Requests.schemaOnly("drift-single-q1", 1));
        assertProblem(http.get("/v1/plans/drift-single-q1/drift?environment=ci"), 404, "nothing-to-compare");
        assertProblem(http.get("/v1/plans/drift-single-q1/drift?to=" + id(only)), 404, "nothing-to-compare");
        assertProblem(http.get("/v1/plans/drift-single-q1/drift?from=" + id(only)), 404, "nothing-to-compare");
        assertProblem(http.get("/v1/plans/drift-single-q1/drift?from_environment=ci&to_environment=elsewhere"), 404,
                "nothing-to-compare");
    }

    @Test
    void idsTogetherWithEnvironmentsAreInvalid() throws Exception {
        JsonNode a = capture(Requests.schemaOnly("drift-invalid-q1", 1));
        assertProblem(http.get("/v1/plans/drift-invalid-q1/drift?to=" + id(a) + "&from_environment=ci&to_environment=x"),
                400, "invalid-request");
        assertProblem(http.get("/v1/plans/drift-invalid-q1/drift?from_environment=ci"), 400, "invalid-request");
        assertProblem(http.get("/v1/plans/drift-invalid-q1/drift?from=not-a-uuid"), 400, "invalid-request");
    }

    @Test
    void environmentsWithNothingInCommonAreNothingToCompare() throws Exception {
        capture(Requests.schemaOnly("drift-env-lonely-q1", 1));
        assertProblem(http.get("/v1/environments/compare?from=ci&to=no-such-environment"), 404, "nothing-to-compare");
        assertProblem(http.get("/v1/environments/compare?from=nowhere&to=no-such-environment"), 404,
                "nothing-to-compare");
    }

    private static void assertProblem(Http.Response response, int status, String type) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.problemType()).isEqualTo(type);
        assertThat(response.body().toString()).doesNotContain("Exception", "SQL");
    }
}
