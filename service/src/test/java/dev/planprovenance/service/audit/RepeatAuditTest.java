package dev.planprovenance.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * POST /v1/audits/repeat, GET /v1/audits/{id} and GET /v1/plans/{plan_name}/audits on the real engine and
 * PostgreSQL: TPC-H q1–q22 planned five times each, every time verifying afresh, are deterministic; a component the
 * engine is made to vary (the test-only vary-component fault) is labelled unstable with each capture's value.
 */
class RepeatAuditTest extends EndToEndTest {
    private static final Set<String> COMPONENTS = Set.of("planning-env", "rulepack", "explain", "plans", "statistics",
            "schema", "udfs", "audit", "plan-tree");

    @Test
    void everyTpchQueryRepeatedFiveTimesIsStableInEveryComponentAndHash() throws Exception {
        for (int q = 1; q <= 22; q++) {
            JsonNode audit = audit(Requests.schemaOnly("audit-q" + q, q), 5);
            assertThat(audit.path("n").asInt()).isEqualTo(5);
            assertThat(audit.path("captures").size()).isEqualTo(5);
            // The default pool has 2 runtimes: the audit used both and rotated over them.
            assertThat(audit.path("runtimes_used").asInt()).as("q%d", q).isEqualTo(pools.pool("default").size());
            assertThat(audit.path("rotated").asBoolean()).isTrue();
            assertThat(names(audit.path("components"))).as("q%d", q).containsAll(COMPONENTS);
            assertThat(names(audit.path("hashes"))).contains("plan_identity_hash", "plan_fingerprint",
                    "planning_env_hash", "statistics_hash", "plan_tree_hash", "audit_hash");
            for (JsonNode label : all(audit)) {
                assertThat(label.path("status").asString()).as("q%d %s: %s", q, label.path("name").asString(), label)
                        .isEqualTo("stable");
                assertThat(label.path("values").size()).isEqualTo(1);
                assertThat(label.path("values").get(0).path("capture_ids").size()).isEqualTo(5);
            }
            assertThat(audit.path("stable").asBoolean()).isTrue();
        }
    }

    @Test
    void aComponentMadeToVaryIsUnstableWithEachCapturesValueAndOnlyTheHashesCoveringIt() throws Exception {
        var pool = pools.pool("default");
        pool.armEveryRuntimeForTest("vary-component:statistics");
        JsonNode audit;
        try {
            audit = audit(Requests.schemaOnly("audit-vary-q3", 3), 4);
        } finally {
            pool.armEveryRuntimeForTest("vary-component:");
        }
        assertThat(audit.path("stable").asBoolean()).isFalse();
        Map<String, JsonNode> components = byName(audit.path("components"));
        Map<String, JsonNode> hashes = byName(audit.path("hashes"));
        // Statistics vary; the audit component holds every hash, so it varies with them. Nothing else does.
        assertThat(unstable(components)).containsExactlyInAnyOrder("statistics", "audit");
        // statistics_hash is not part of plan identity: only it and the audit's own hash move.
        assertThat(unstable(hashes)).containsExactlyInAnyOrder("statistics_hash", "audit_hash");
        JsonNode statistics = components.get("statistics");
        assertThat(statistics.path("values").size()).isEqualTo(4);
        Set<String> seen = new HashSet<>();
        List<String> captureIds = new ArrayList<>();
        audit.path("captures").forEach(c -> captureIds.add(c.path("capture_id").asString()));
        for (JsonNode value : statistics.path("values")) {
            assertThat(value.path("capture_ids").size()).isEqualTo(1);
            seen.add(value.path("capture_ids").get(0).asString());
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(captureIds);
        // Each value is the capture's stored statistics document, whose test_variation differs per capture.
        Set<Long> variations = new HashSet<>();
        for (String id : captureIds) {
            variations.add(http.get("/v1/captures/" + id + "/artifacts/statistics").body().path("content")
                    .path("test_variation").asLong());
        }
        assertThat(variations).hasSize(4);
        // The stored statistics_hash values are the captures' own hashes.
        for (JsonNode value : hashes.get("statistics_hash").path("values")) {
            String capture = value.path("capture_ids").get(0).asString();
            assertThat(http.get("/v1/captures/" + capture + "/artifacts/statistics").body()
                    .path("hashes").path("statistics_hash").asString()).isEqualTo(value.path("value").asString());
        }
        // A capture after disarming is stable again.
        assertThat(audit(Requests.schemaOnly("audit-vary-q3", 3), 2).path("stable").asBoolean()).isTrue();
        // No drift event for any audit capture, though their statistics differed (and identity did not move).
        JsonNode feed = http.get("/v1/drift?size=200").body();
        assertThat(feed.path("items").findValuesAsString("to_capture_id")).doesNotContainAnyElementsOf(captureIds);
    }

    @Test
    void auditsAreStoredListedPerPlanNewestFirstAndLabelTheirCaptures() throws Exception {
        JsonNode first = audit(Requests.schemaOnly("audit-list-q6", 6), 2);
        JsonNode second = audit(Requests.schemaOnly("audit-list-q6", 6), 3);
        JsonNode listed = http.get("/v1/plans/audit-list-q6/audits").body().path("items");
        assertThat(listed.size()).isEqualTo(2);
        assertThat(listed.get(0).path("id").asString()).isEqualTo(second.path("id").asString());
        assertThat(listed.get(1)).isEqualTo(first);
        Http.Response one = http.get("/v1/audits/" + first.path("id").asString());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).isEqualTo(first);
        // Two runtimes, two captures: one each, no rotation.
        assertThat(first.path("runtimes_used").asInt()).isEqualTo(2);
        assertThat(first.path("rotated").asBoolean()).isFalse();
        for (JsonNode capture : second.path("captures")) {
            JsonNode stored = http.get("/v1/captures/" + capture.path("capture_id").asString()).body();
            assertThat(stored.path("labels").path("repeat_audit").asString()).isEqualTo(second.path("id").asString());
            assertThat(stored.path("environment").asString()).isEqualTo("ci"); // the request's environment
        }
        // The audit's captures are held by FOREIGN KEY.
        long held = jdbc.sql("SELECT count(*) FROM repeat_audit_capture WHERE audit_id = CAST(:id AS uuid)")
                .param("id", second.path("id").asString()).query(Long.class).single();
        assertThat(held).isEqualTo(3);
        assertThat(http.get("/v1/plans/no-such-plan/audits").problemType()).isEqualTo("not-found");
        assertThat(http.get("/v1/audits/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    }

    @Test
    void nOutsideItsBoundsIsAnInvalidRequestAndCapturesNothing() throws Exception {
        Map<String, Long> before = rowCounts();
        for (int n : new int[] {0, 1, 21, 1000}) {
            Http.Response refused = http.post("/v1/audits/repeat",
                    Map.of("request", Requests.schemaOnly("audit-bad-n", 1), "n", n));
            assertThat(refused.status()).as("n=%d", n).isEqualTo(400);
            assertThat(refused.problemType()).isEqualTo("invalid-request");
        }
        Http.Response missing = http.post("/v1/audits/repeat", Map.of("request", Requests.schemaOnly("audit-bad-n", 1)));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.problemType()).isEqualTo("invalid-request");
        assertThat(rowCounts()).isEqualTo(before);
    }

    private JsonNode audit(Map<String, Object> request, int n) throws Exception {
        Http.Response created = http.post("/v1/audits/repeat", Map.of("request", request, "n", n));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body();
    }

    private static List<JsonNode> all(JsonNode audit) {
        List<JsonNode> labels = new ArrayList<>();
        audit.path("components").forEach(labels::add);
        audit.path("hashes").forEach(labels::add);
        return labels;
    }

    private static List<String> names(JsonNode labels) {
        List<String> names = new ArrayList<>();
        labels.forEach(l -> names.add(l.path("name").asString()));
        return names;
    }

    private static Map<String, JsonNode> byName(JsonNode labels) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        labels.forEach(l -> out.put(l.path("name").asString(), l));
        return out;
    }

    private static List<String> unstable(Map<String, JsonNode> labels) {
        List<String> out = new ArrayList<>();
        labels.forEach((name, l) -> {
            if (l.path("status").asString().equals("unstable")) out.add(name);
        });
        return out;
    }
}
