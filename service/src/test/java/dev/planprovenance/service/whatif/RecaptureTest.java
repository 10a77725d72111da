package dev.planprovenance.service.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * POST /v1/captures/{id}/recapture on the real engine and PostgreSQL: TPC-H q3 (customer ⋈ orders ⋈ lineitem) over
 * schema-only tables declaring scale-factor-100 statistics, captured in environment ci, then captured again under
 * another config, other statistics, or nothing changed; the drift against the source says which input moved.
 */
class RecaptureTest extends EndToEndTest {
    private static final String HASH_JOIN = "datafusion.optimizer.prefer_hash_join";

    @Test
    void hashJoinsOffIsAPlanningEnvDriftStoredInWhatIfLeavingTheSourceHistoryAlone() throws Exception {
        JsonNode source = source("whatif-hash-join");
        String sourceId = source.path("id").asString();
        List<String> historyBefore = history("whatif-hash-join", "ci");

        Http.Response created = http.post("/v1/captures/" + sourceId + "/recapture",
                Map.of("config", Map.of(HASH_JOIN, "false"), "labels", Map.of("asked_by", "test")));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode capture = created.body().path("capture");
        String id = capture.path("id").asString();
        assertThat(id).isNotEqualTo(sourceId);
        assertThat(capture.path("plan_name").asString()).isEqualTo("whatif-hash-join");
        assertThat(capture.path("environment").asString()).isEqualTo("what-if");
        assertThat(capture.path("sql").asString()).isEqualTo(source.path("sql").asString());
        assertThat(capture.path("tables")).isEqualTo(source.path("tables"));
        assertThat(capture.path("config").path(HASH_JOIN).asString()).isEqualTo("false");
        assertThat(Http.json().convertValue(capture.path("labels"), Map.class))
                .isEqualTo(Map.of("asked_by", "test", "recapture_of", sourceId));
        // Stored like any capture: GET answers what the POST answered.
        assertThat(http.get("/v1/captures/" + id).body()).isEqualTo(capture);

        JsonNode drift = created.body().path("drift");
        assertThat(drift.path("from").path("id").asString()).isEqualTo(sourceId);
        assertThat(drift.path("to").path("id").asString()).isEqualTo(id);
        assertThat(drift.path("identity_changed").asBoolean()).isTrue();
        JsonNode cause = drift.path("cause");
        assertThat(cause.path("verdict").asString()).isEqualTo("drift");
        assertThat(strings(cause.path("inputs_changed"))).containsExactly("planning-env");
        assertThat(strings(cause.path("outputs_changed"))).contains("physical-plan");
        assertThat(cause.path("summary").asString()).contains("planning-env");

        assertThat(history("whatif-hash-join", "ci")).isEqualTo(historyBefore).containsExactly(sourceId);
        assertThat(history("whatif-hash-join", "what-if")).containsExactly(id);
    }

    @Test
    void oneTableAThousandTimesLargerIsAStatisticsDrift() throws Exception {
        JsonNode source = source("whatif-statistics");
        String sourceId = source.path("id").asString();
        ObjectNode orders = (ObjectNode) declaredStatistics(source, "orders").deepCopy();
        orders.put("num_rows", orders.path("num_rows").asLong() * 1000);
        orders.put("total_byte_size", orders.path("total_byte_size").asLong() * 1000);

        Http.Response created = http.post("/v1/captures/" + sourceId + "/recapture",
                Map.of("statistics", Map.of("orders", orders), "environment", "capacity-planning"));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode capture = created.body().path("capture");
        assertThat(capture.path("environment").asString()).isEqualTo("capacity-planning");
        assertThat(declaredStatistics(capture, "orders")).isEqualTo(orders);
        for (String table : List.of("customer", "lineitem", "nation")) {
            assertThat(declaredStatistics(capture, table)).as(table).isEqualTo(declaredStatistics(source, table));
        }
        JsonNode cause = created.body().path("drift").path("cause");
        assertThat(strings(cause.path("inputs_changed"))).containsExactly("statistics");
        assertThat(cause.path("summary").asString()).contains("statistics");
        assertThat(history("whatif-statistics", "ci")).containsExactly(sourceId);
    }

    @Test
    void nothingChangedIsUnchanged() throws Exception {
        JsonNode source = source("whatif-nothing");
        String sourceId = source.path("id").asString();

        Http.Response created = http.post("/v1/captures/" + sourceId + "/recapture", "{}");

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode capture = created.body().path("capture");
        assertThat(capture.path("identity")).isEqualTo(source.path("identity"));
        assertThat(capture.path("profile").asString()).isEqualTo(source.path("profile").asString());
        JsonNode drift = created.body().path("drift");
        assertThat(drift.path("identity_changed").asBoolean()).isFalse();
        assertThat(drift.path("cause").path("verdict").asString()).isEqualTo("unchanged");
        assertThat(drift.path("cause").path("inputs_changed")).isEmpty();
        assertThat(drift.path("cause").path("outputs_changed")).isEmpty();
    }

    @Test
    void anUnknownSourceIsNotFound() throws Exception {
        Map<String, Long> before = rowCounts();
        Http.Response response = http.post("/v1/captures/00000000-0000-0000-0000-000000000000/recapture", "{}");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo("not-found");
        assertThat(growth(before, rowCounts())).isEmpty();
    }

    @Test
    void statisticsForATableTheSourceDoesNotDeclareAreRefusedNamingTheTable() throws Exception {
        String schemaOnly = source("whatif-bad-statistics").path("id").asString();
        Http.Response parquet = http.post("/v1/captures", Requests.simple("whatif-parquet", DATA, Map.of()));
        assertThat(parquet.status()).as(parquet.body().toString()).isEqualTo(201);
        Map<String, Long> before = rowCounts();

        Http.Response unknown = http.post("/v1/captures/" + schemaOnly + "/recapture",
                Map.of("statistics", Map.of("no_such_table", Map.of("num_rows", 1))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.problemType()).isEqualTo("invalid-request");
        assertThat(unknown.body().path("detail").asString()).contains("'no_such_table'");

        Http.Response fromFiles = http.post("/v1/captures/" + parquet.body().path("id").asString() + "/recapture",
                Map.of("statistics", Map.of("lineitem", Map.of("num_rows", 1))));
        assertThat(fromFiles.status()).isEqualTo(400);
        assertThat(fromFiles.problemType()).isEqualTo("invalid-request");
        assertThat(fromFiles.body().path("detail").asString()).contains("'lineitem'", "schema-only");

        assertThat(growth(before, rowCounts())).isEmpty();
    }

    @Test
    void anUnknownProfileOrConfigKeyIsTheProblemACaptureAnswers() throws Exception {
        String sourceId = source("whatif-bad-inputs").path("id").asString();
        Map<String, Long> before = rowCounts();

        Http.Response profile = http.post("/v1/captures/" + sourceId + "/recapture", Map.of("profile", "no-such"));
        assertThat(profile.status()).isEqualTo(400);
        assertThat(profile.problemType()).isEqualTo("unknown-profile");

        Http.Response key = http.post("/v1/captures/" + sourceId + "/recapture",
                Map.of("config", Map.of("datafusion.optimizer.no_such_option", "true")));
        assertThat(key.status()).isEqualTo(400);
        assertThat(key.problemType()).isEqualTo("unknown-config-key");

        assertThat(growth(before, rowCounts())).isEmpty();
    }

    /** TPC-H q3 over schema-only tables, captured in environment ci under {@code planName}. */
    private JsonNode source(String planName) throws Exception {
        Http.Response created = http.post("/v1/captures", Requests.schemaOnly(planName, 3));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body();
    }

    private static JsonNode declaredStatistics(JsonNode capture, String table) {
        for (JsonNode t : capture.path("tables")) {
            if (t.path("name").asString().equals(table)) return t.path("statistics");
        }
        throw new AssertionError("no table " + table + " in " + capture);
    }

    /** Capture ids of the plan's history in one environment, newest first. */
    private List<String> history(String planName, String environment) throws Exception {
        Http.Response page = http.get("/v1/plans/" + planName + "/captures?environment=" + environment + "&size=100");
        assertThat(page.status()).isEqualTo(200);
        return strings(page.body().path("items"), "id");
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    static List<String> strings(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asString()));
        return out;
    }
}
