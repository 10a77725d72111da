package dev.planprovenance.service.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Primary keys declared on schema-only TPC-H tables reach DataFusion as the tables' constraints: its
 * functional-dependency rewrite (OptimizeProjections dropping GROUP BY columns the key determines) fires, the schema
 * component's DDL shows the key, and information_schema_hash tells the keyed capture from the plain one.
 */
class DeclaredConstraintsTest extends EndToEndTest {

    /** c_name is grouped on but not selected, so nothing above the aggregate needs it once c_custkey determines it. */
    private static final String GROUP_BY_KEY_AND_NAME =
            "SELECT c_custkey, count(*) AS n FROM customer GROUP BY c_custkey, c_name";
    private static final Map<String, List<String>> KEYS = Map.of("customer", List.of("c_custkey"),
            "orders", List.of("o_orderkey"), "lineitem", List.of("l_orderkey", "l_linenumber"));

    @Test
    void aPrimaryKeyPrunesTheGroupByColumnsItDetermines() throws Exception {
        JsonNode plain = capture(request("constraints-plain", Map.of()));
        JsonNode keyed = capture(request("constraints-keyed", KEYS));

        assertThat(aggregateLine(plain)).contains("groupBy=[[customer.c_custkey, customer.c_name]]");
        assertThat(aggregateLine(keyed)).contains("groupBy=[[customer.c_custkey]]").doesNotContain("c_name");

        String ddl = customerDdl(keyed);
        assertThat(ddl).endsWith(", PRIMARY KEY (c_custkey))");
        assertThat(customerDdl(plain)).doesNotContain("PRIMARY KEY");
        assertThat(keyed.path("identity").path("information_schema_hash").asString())
                .isNotEqualTo(plain.path("identity").path("information_schema_hash").asString());
    }

    @Test
    void aKeyNamingAMissingColumnIsAnInvalidRequest() throws Exception {
        expectInvalid(request("constraints-bad", Map.of("customer", List.of("c_nope"))), "customer", "c_nope");
    }

    @Test
    void aKeyNamingAColumnTwiceIsAnInvalidRequest() throws Exception {
        expectInvalid(request("constraints-bad", Map.of("customer", List.of("c_custkey", "c_custkey"))),
                "customer", "c_custkey");
    }

    @Test
    void anEmptyUniqueKeyIsAnInvalidRequest() throws Exception {
        Map<String, Object> body = request("constraints-bad", Map.of());
        withTable(body, "orders").put("unique", List.of(List.of()));
        expectInvalid(body, "orders", "at least one column");
    }

    @Test
    void keysOnAParquetTableAreRefused() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Requests.simple("constraints-parquet", DATA, Map.of()));
        body.put("tables", List.of(Map.of("name", "lineitem", "format", "parquet",
                "location", DATA.resolve("lineitem") + "/", "primary_key", List.of("l_orderkey"))));
        expectInvalid(body, "lineitem", "schema-only tables only");
    }

    private static Map<String, Object> request(String planName, Map<String, List<String>> keys) {
        Map<String, Object> body = Requests.withPrimaryKeys(Requests.schemaOnly(planName, 1), keys);
        body.put("sql", GROUP_BY_KEY_AND_NAME);
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withTable(Map<String, Object> body, String name) {
        return ((List<Map<String, Object>>) body.get("tables")).stream()
                .filter(t -> name.equals(t.get("name"))).findFirst().orElseThrow();
    }

    private JsonNode capture(Map<String, Object> body) throws Exception {
        Http.Response created = http.post("/v1/captures", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body();
    }

    private String aggregateLine(JsonNode capture) throws Exception {
        String logical = artifact(capture, "plans").path("optimized_logical_plan").asString();
        return logical.lines().filter(l -> l.contains("Aggregate:")).findFirst().orElseThrow();
    }

    private String customerDdl(JsonNode capture) throws Exception {
        for (JsonNode table : artifact(capture, "schema").path("tables")) {
            if (table.path("table").asString().endsWith("customer")) return table.path("ddl").asString();
        }
        throw new AssertionError("no customer table in the schema component");
    }

    private JsonNode artifact(JsonNode capture, String component) throws Exception {
        Http.Response r = http.get("/v1/captures/" + capture.path("id").asString() + "/artifacts/" + component);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().path("content");
    }

    private void expectInvalid(Map<String, Object> body, String... detailMentions) throws Exception {
        Http.Response r = http.post("/v1/captures", body);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
        assertThat(r.problemType()).isEqualTo("invalid-request");
        assertThat(r.body().path("detail").asString()).contains(detailMentions);
    }
}
