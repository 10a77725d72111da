package dev.planprovenance.service.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import dev.planprovenance.engine.tpch.TpchData;
import dev.planprovenance.service.support.TpchQuery;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * TPC-H q1-q22 captured over HTTP, from generated Parquet and from schema-only tables with declared statistics;
 * every component is read back and checked for what it must contain.
 */
class TpchCaptureTest extends EndToEndTest {

    @ParameterizedTest(name = "q{0} over Parquet")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void overGeneratedParquet(int q) throws Exception {
        JsonNode capture = capture(Requests.parquet("tpch-parquet-q" + q, q, DATA));
        assertComponents(capture, q, TpchData.ROWS);
    }

    @ParameterizedTest(name = "q{0} over schema-only tables")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void overSchemaOnlyTablesWithDeclaredStatistics(int q) throws Exception {
        JsonNode capture = capture(Requests.schemaOnly("tpch-sf100-q" + q, q));
        assertComponents(capture, q, TpchData.SF100_ROWS);
    }

    private JsonNode capture(Map<String, Object> request) throws Exception {
        Http.Response created = http.post("/v1/captures", request);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode capture = created.body();
        assertThat(capture.path("artifact_schema_version").asInt()).isEqualTo(7);
        assertThat(capture.path("plan_name").asString()).isEqualTo(request.get("plan_name"));
        assertThat(capture.path("environment").asString()).isEqualTo("ci");
        JsonNode identity = capture.path("identity");
        for (String hash : List.of("plan_identity_hash", "plan_fingerprint", "planning_env_hash", "rulepack_hash",
                "information_schema_hash", "udf_catalog_hash", "audit_hash")) {
            assertThat(identity.path(hash).asString()).as(hash).isNotBlank();
        }
        assertThat(identity.has("delta_snapshot_hash")).isFalse();
        Http.Response read = http.get("/v1/captures/" + capture.path("id").asString());
        assertThat(read.body()).isEqualTo(capture);
        return capture;
    }

    private void assertComponents(JsonNode capture, int q, Map<String, Long> rowsByTable) throws Exception {
        String id = capture.path("id").asString();
        JsonNode identity = capture.path("identity");
        TpchQuery query = TpchQuery.of(q);
        List<String> used = TpchQuery.CORPUS.tables().keySet().stream().filter(query::reads).toList();
        assertThat(used).as("tables of q%d", q).isNotEmpty();

        assertThat(artifact(id, "planning-env").toString()).contains("target_partitions", "batch_size");
        assertThat(artifact(id, "rulepack").toString()).contains("push_down_filter", "optimize_projections");

        JsonNode explain = artifact(id, "explain");
        JsonNode rows = explain.path("explain_rows");
        assertThat(planTypes(rows.path("verbose"))).anyMatch(t -> t.startsWith("logical_plan after"));
        assertThat(planTypes(rows.path("indent"))).contains("logical_plan", "physical_plan");
        assertThat(rows.path("tree").size()).isPositive();

        // Every serialized plan is there, or the plans document says why it could not be encoded (datafusion-proto
        // has no encoding for subquery expressions, for instance).
        JsonNode plans = artifact(id, "plans");
        int encoded = 0;
        for (String name : List.of("logical_proto", "optimized_logical_proto", "physical_proto", "substrait")) {
            byte[] bytes = Base64.getDecoder().decode(plans.path("bytes").path(name).asString(""));
            String error = plans.path("content").path("encode_errors").path(name).asString("");
            assertThat(bytes.length > 0 ^ !error.isBlank()).as("q%d %s: bytes or an encode error", q, name).isTrue();
            if (bytes.length > 0) encoded++;
        }
        assertThat(encoded).as("q%d has at least one serialized plan", q).isPositive();
        assertThat(plans.path("hashes").path("plan_fingerprint").asString()).isEqualTo(identity.path("plan_fingerprint").asString());

        // Row counts the planner saw: the generated data's, or the declared statistics.
        String statistics = artifact(id, "statistics").path("content").toString();
        assertThat(used).as("q%d statistics name a scanned table's rows", q)
                .anyMatch(t -> statistics.matches("(?s).*\\b" + rowsByTable.get(t) + "\\b.*"));

        String schema = artifact(id, "schema").path("content").toString();
        assertThat(schema).contains(used.toArray(String[]::new));
        assertThat(artifact(id, "schema").path("hashes").path("information_schema_hash").asString())
                .isEqualTo(identity.path("information_schema_hash").asString());

        assertThat(artifact(id, "udfs").path("content").toString()).contains("\"sum\"", "\"count\"");

        String audit = artifact(id, "audit").path("content").toString();
        assertThat(audit).contains(identity.path("plan_fingerprint").asString(),
                identity.path("planning_env_hash").asString(), identity.path("rulepack_hash").asString());
    }

    private JsonNode artifact(String id, String component) throws Exception {
        Http.Response response = http.get("/v1/captures/" + id + "/artifacts/" + component);
        assertThat(response.status()).as(component + ": " + response.body()).isEqualTo(200);
        assertThat(response.body().path("component").asString()).isEqualTo(component);
        assertThat(response.body().path("content").isMissingNode()).isFalse();
        return response.body();
    }

    private static List<String> planTypes(JsonNode rows) {
        return StreamSupport.stream(rows.spliterator(), false).map(r -> r.path("plan_type").asString()).toList();
    }
}
