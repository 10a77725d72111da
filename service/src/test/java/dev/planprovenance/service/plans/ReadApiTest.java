package dev.planprovenance.service.plans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Plan history: listing, environment and time filters, paging. */
class ReadApiTest extends EndToEndTest {

    @Test
    void historyFiltersByEnvironmentAndTimeAndPages() throws Exception {
        String plan = "history-" + UUID.randomUUID();
        List<JsonNode> dev = new ArrayList<>();
        dev.add(capture(plan, "dev"));
        JsonNode prod = capture(plan, "prod");
        dev.add(capture(plan, "dev"));

        JsonNode all = http.get("/v1/plans/" + plan + "/captures").body();
        assertThat(ids(all)).containsExactly(id(dev.get(1)), id(prod), id(dev.get(0)));
        assertThat(all.path("total_items").asLong()).isEqualTo(3);

        JsonNode devOnly = http.get("/v1/plans/" + plan + "/captures?environment=dev").body();
        assertThat(ids(devOnly)).containsExactly(id(dev.get(1)), id(dev.get(0)));

        // MockMvc encodes the URI template itself; created_at is UTC ("Z"), so no '+' needs escaping.
        String from = prod.path("created_at").asString();
        assertThat(from).endsWith("Z");
        Http.Response sinceResponse = http.get("/v1/plans/" + plan + "/captures?from=" + from);
        assertThat(sinceResponse.status()).as(sinceResponse.body().toString()).isEqualTo(200);
        JsonNode since = sinceResponse.body();
        assertThat(ids(since)).containsExactly(id(dev.get(1)), id(prod));
        JsonNode before = http.get("/v1/plans/" + plan + "/captures?to=" + from).body();
        assertThat(ids(before)).containsExactly(id(dev.get(0)));

        JsonNode page = http.get("/v1/plans/" + plan + "/captures?size=2&page=1").body();
        assertThat(ids(page)).containsExactly(id(dev.get(0)));
        assertThat(page.path("total_pages").asInt()).isEqualTo(2);

        JsonNode plans = http.get("/v1/plans").body();
        JsonNode summary = null;
        for (JsonNode item : plans.path("items")) {
            if (item.path("plan_name").asString().equals(plan)) summary = item;
        }
        assertThat(summary).isNotNull();
        assertThat(summary.path("capture_count").asLong()).isEqualTo(3);
        assertThat(summary.path("latest_capture").path("id").asString()).isEqualTo(id(dev.get(1)));
        assertThat(summary.path("latest_capture").path("identity"))
                .isEqualTo(dev.get(1).path("identity"));
    }

    @Test
    void unknownPlanAndBadPageAreProblems() throws Exception {
        Http.Response missing = http.get("/v1/plans/no-such-plan-" + UUID.randomUUID() + "/captures");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.problemType()).isEqualTo("not-found");
        Http.Response badSize = http.get("/v1/plans/x/captures?size=0");
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(badSize.problemType()).isEqualTo("invalid-request");
    }

    @Test
    void aCaptureServesItsPlanTreeAndAnOlderCaptureWithoutOneAnswersNotFound() throws Exception {
        String id = id(capture("tree-" + UUID.randomUUID(), "dev"));
        Http.Response response = http.get("/v1/captures/" + id + "/artifacts/plan-tree");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JsonNode tree = response.body().path("content");
        assertThat(tree.path("version").asInt()).isEqualTo(1);
        assertThat(tree.path("physical").path("nodes").path(0).path("op").asString()).endsWith("Exec");
        assertThat(tree.path("logical").path("nodes").path(0).path("op").asString()).isEqualTo("Projection");
        assertThat(response.body().path("hashes").path("plan_tree_hash").asString())
                .isEqualTo(tree.path("plan_tree_hash").asString()).hasSize(64);

        // A capture stored at artifact schema 6 has no plan-tree member in its component set.
        jdbc.sql("INSERT INTO component_set (set_key) VALUES (sha256(convert_to(:id, 'UTF8')))").param("id", id).update();
        jdbc.sql("""
                INSERT INTO component_set_member (set_key, component, content_key)
                SELECT sha256(convert_to(:id, 'UTF8')), m.component, m.content_key
                FROM component_set_member m JOIN capture c ON c.component_set_key = m.set_key
                WHERE c.id = CAST(:id AS uuid) AND m.component <> 'plan-tree'""").param("id", id).update();
        jdbc.sql("UPDATE capture SET component_set_key = sha256(convert_to(:id, 'UTF8')), artifact_schema_version = 6"
                + " WHERE id = CAST(:id AS uuid)").param("id", id).update();
        Http.Response older = http.get("/v1/captures/" + id + "/artifacts/plan-tree");
        assertThat(older.status()).isEqualTo(404);
        assertThat(older.problemType()).isEqualTo("not-found");
        assertThat(http.get("/v1/captures/" + id + "/artifacts/plans").status()).isEqualTo(200);
        Http.Response detail = http.get("/v1/captures/" + id);
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body().path("components").toString()).doesNotContain("plan-tree").contains("plans");
    }

    private JsonNode capture(String plan, String environment) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Requests.simple(plan, DATA, Map.of()));
        body.put("environment", environment);
        Http.Response response = http.post("/v1/captures", body);
        assertThat(response.status()).isEqualTo(201);
        return response.body();
    }

    private static String id(JsonNode capture) {
        return capture.path("id").asString();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }
}
