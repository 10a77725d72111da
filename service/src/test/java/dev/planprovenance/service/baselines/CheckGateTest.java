package dev.planprovenance.service.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/** The CI gate on TPC-H q3 (real engine, real PostgreSQL): approve a capture, then check requests against it. */
class CheckGateTest extends GateEndToEndTest {
    private static final String HASH_JOIN = "datafusion.optimizer.prefer_hash_join";

    @Test
    void theApprovedRequestPassesAndAConfigChangeFailsNamingTheKeyAndTheFirstDivergingRule() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("gate-q3", 3);
        approved(capture(request), "alice", "first release", null);

        Http.Response same = check(request);
        assertThat(same.status()).as(same.body().toString()).isEqualTo(200);
        assertThat(same.body().path("verdict").asString()).isEqualTo("pass");
        assertThat(verdicts(same.body()).values()).hasSize(10).containsOnly("pass");
        Xml xml = checkXml("/v1/checks", request);
        assertThat(xml.status()).isEqualTo(200);
        Element suites = xml.document().getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("tests")).isEqualTo("10");
        assertThat(suites.getAttribute("failures")).isEqualTo("0");
        assertThat(suites.getElementsByTagName("failure").getLength()).isZero();

        Map<String, Object> noHash = new LinkedHashMap<>(request);
        noHash.put("config", Map.of(HASH_JOIN, "false"));
        Http.Response changed = check(noHash);
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(409);
        JsonNode result = changed.body();
        assertThat(result.path("verdict").asString()).isEqualTo("fail");
        assertThat(verdicts(result)).containsEntry("planning_env", "fail").containsEntry("physical_plan", "fail")
                .containsEntry("rulepack", "pass").containsEntry("statistics", "pass")
                .containsEntry("serialization", "pass");
        String rule = result.at("/drift/first_diverging_rule/physical/rule").asString();
        assertThat(rule).isNotBlank();
        JsonNode physical = component(result, "physical_plan");
        assertThat(physical.path("message").asString()).contains(HASH_JOIN).contains(rule);
        assertThat(physical.path("detail").asString()).contains("SortMergeJoinExec");
        assertThat(component(result, "planning_env").path("detail").asString()).contains(HASH_JOIN + ": true -> false");

        Xml failed = checkXml("/v1/checks", noHash);
        assertThat(failed.status()).isEqualTo(409);
        NodeList failures = failed.document().getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(verdicts(result).values().stream().filter("fail"::equals).count());
        Element first = (Element) failures.item(0);
        assertThat(first.getAttribute("message")).contains(HASH_JOIN).contains(rule);
        Element suite = (Element) failed.document().getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("gate-q3");
        assertThat(suite.getAttribute("failures")).isEqualTo(Integer.toString(failures.getLength()));
        assertThat(((Element) first.getParentNode()).getAttribute("classname")).isEqualTo("gate-q3.ci");
    }

    @Test
    void aCheckByCaptureIdIsStoredAndRefersToBothCaptures() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("gate-stored-q6", 6);
        JsonNode baseline = capture(request);
        approved(baseline, "bob", "q6 approved", null);
        JsonNode later = capture(request);
        Http.Response checked = check(Map.of("capture_id", id(later)));
        assertThat(checked.status()).isEqualTo(200);
        assertThat(checked.body().path("capture_id").asString()).isEqualTo(id(later));
        assertThat(checked.body().at("/baseline/capture_id").asString()).isEqualTo(id(baseline));
        String stored = jdbc.sql("SELECT verdict || '|' || capture_id || '|' || baseline_capture_id FROM baseline_check"
                + " WHERE id = CAST(:id AS uuid)").param("id", checked.body().path("check_id").asString())
                .query(String.class).single();
        assertThat(stored).isEqualTo("pass|" + id(later) + "|" + id(baseline));
    }

    @Test
    void statisticsWithinTheApprovedFactorAreToleratedAndBeyondItFail() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("gate-stats-q3", 3);
        JsonNode baseline = capture(request);
        approved(baseline, "carol", "exact statistics", null);
        Map<String, Object> fivePercent = scaled(request, "lineitem", 1.05);
        Http.Response exact = check(fivePercent);
        assertThat(exact.status()).as(exact.body().toString()).isEqualTo(409);
        assertThat(verdicts(exact.body())).containsEntry("statistics", "fail");

        approved(baseline, "carol", "statistics move with the data", Map.of("statistics", Map.of("within", 1.1)));
        Http.Response within = check(fivePercent);
        assertThat(within.status()).as(within.body().toString()).isEqualTo(200);
        assertThat(within.body().path("verdict").asString()).isEqualTo("tolerated");
        assertThat(verdicts(within.body())).containsEntry("statistics", "tolerated")
                .containsEntry("logical_plan", "pass").containsEntry("physical_plan", "pass");
        assertThat(component(within.body(), "statistics").path("detail").asString()).contains("lineitem");

        Http.Response fivePercentLess = check(scaled(request, "lineitem", 0.95));
        assertThat(fivePercentLess.body().path("verdict").asString()).isEqualTo("tolerated");
        Http.Response beyond = check(scaled(request, "lineitem", 1.2));
        assertThat(beyond.status()).isEqualTo(409);
        assertThat(verdicts(beyond.body())).containsEntry("statistics", "fail");
    }

    @Test
    void anExpiredBaselineAnswersBaselineExpiredAndNoBaselineNeverPassesSilently() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("gate-expired-q1", 1);
        JsonNode baseline = capture(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("capture_id", id(baseline));
        body.put("approved_by", "dave");
        body.put("reason", "valid for one sprint");
        body.put("expires_at", "2020-01-01T00:00:00Z");
        assertThat(approve("gate-expired-q1", "ci", body).status()).isEqualTo(200);
        Http.Response expired = check(request);
        assertThat(expired.status()).isEqualTo(409);
        assertThat(expired.body().path("verdict").asString()).isEqualTo("baseline_expired");
        assertThat(expired.body().at("/baseline/expired").asBoolean()).isTrue();
        assertThat(verdicts(expired.body()).values()).containsOnly("baseline_expired");
        Xml xml = checkXml("/v1/checks", request);
        assertThat(xml.document().getDocumentElement().getAttribute("failures")).isEqualTo("10");

        Map<String, Object> unapproved = Requests.schemaOnly("gate-unapproved-q1", 1);
        Http.Response none = check(unapproved);
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.body().path("verdict").asString()).isEqualTo("no_baseline");
        assertThat(http.post("/v1/checks?allow_no_baseline=true", unapproved).status()).isEqualTo(200);
        Xml skipped = checkXml("/v1/checks", unapproved);
        assertThat(skipped.document().getDocumentElement().getAttribute("skipped")).isEqualTo("10");
        assertThat(skipped.document().getDocumentElement().getAttribute("failures")).isEqualTo("0");
        assertThat(skipped.document().getElementsByTagName("skipped").getLength()).isEqualTo(10);
    }

    @Test
    void theBatchFormAnswersOneSuitePerPlanAndTheWorstVerdict() throws Exception {
        List<Map<String, Object>> requests = List.of(Requests.schemaOnly("gate-batch-q1", 1),
                Requests.schemaOnly("gate-batch-q5", 5), Requests.schemaOnly("gate-batch-q10", 10));
        for (Map<String, Object> request : requests) approved(capture(request), "erin", "suite approved", null);

        Http.Response passing = checkBatch(requests);
        assertThat(passing.status()).as(passing.body().toString()).isEqualTo(200);
        assertThat(passing.body().path("verdict").asString()).isEqualTo("pass");
        assertThat(passing.body().path("checks")).hasSize(3);

        Map<String, Object> q5NoHash = new LinkedHashMap<>(requests.get(1));
        q5NoHash.put("config", Map.of(HASH_JOIN, "false"));
        List<Map<String, Object>> oneDrifts = List.of(requests.get(0), q5NoHash, requests.get(2));
        Http.Response failing = checkBatch(oneDrifts);
        assertThat(failing.status()).isEqualTo(409);
        assertThat(failing.body().path("verdict").asString()).isEqualTo("fail");
        List<String> perPlan = new java.util.ArrayList<>();
        failing.body().path("checks").forEach(c -> perPlan.add(c.path("verdict").asString()));
        assertThat(perPlan).containsExactly("pass", "fail", "pass");

        Xml xml = checkXml("/v1/checks/batch", Map.of("checks", oneDrifts));
        assertThat(xml.status()).isEqualTo(409);
        NodeList suites = xml.document().getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(3);
        assertThat(List.of(((Element) suites.item(0)).getAttribute("name"), ((Element) suites.item(1)).getAttribute("name"),
                ((Element) suites.item(2)).getAttribute("name")))
                .containsExactly("gate-batch-q1", "gate-batch-q5", "gate-batch-q10");
        int failures = xml.document().getElementsByTagName("failure").getLength();
        assertThat(failures).isPositive();
        assertThat(((Element) suites.item(1)).getAttribute("failures")).isEqualTo(Integer.toString(failures));
        assertThat(((Element) suites.item(0)).getAttribute("failures")).isEqualTo("0");
        assertThat(xml.document().getDocumentElement().getAttribute("tests")).isEqualTo("30");
        assertThat(xml.document().getDocumentElement().getAttribute("failures")).isEqualTo(Integer.toString(failures));
        assertThat(((Element) suites.item(1)).getElementsByTagName("testcase").getLength()).isEqualTo(10);
    }

    @Test
    void aCheckNeedsACaptureIdOrACaptureRequestAndAnUnknownCaptureIsNotFound() throws Exception {
        assertThat(check(Map.of("capture_id", "00000000-0000-0000-0000-0000000000aa")).problemType())
                .isEqualTo("not-found");
        Http.Response both = check(Map.of("capture_id", "00000000-0000-0000-0000-0000000000aa", "plan_name", "x",
                "sql", "SELECT 1"));
        assertThat(both.status()).isEqualTo(400);
        assertThat(check(Map.of("plan_name", "x")).status()).isEqualTo(400);
        // A problem stays a problem document when the client asked for JUnit XML.
        var result = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/v1/checks")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .accept(org.springframework.http.MediaType.APPLICATION_XML)
                .content("{\"capture_id\": \"00000000-0000-0000-0000-0000000000aa\"}")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(404);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
    }
}
