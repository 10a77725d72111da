package dev.planprovenance.service.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Client mistakes get their 4xx and problem type from the real controllers and the real engine, never a 500. */
class BadRequestTest extends EndToEndTest {

    @Test
    void malformedJson() throws Exception {
        expect(http.post("/v1/captures", "{\"plan_name\": \"x\", \"sql\": "), 400, "invalid-request");
    }

    @Test
    void missingPlanName() throws Exception {
        Http.Response r = http.post("/v1/captures", Map.of("sql", "SELECT 1"));
        expect(r, 400, "invalid-request");
        assertThat(r.body().path("errors").toString()).contains("plan_name");
    }

    @Test
    void unknownConfigKey() throws Exception {
        expect(http.post("/v1/captures", Requests.simple("bad-config", DATA,
                Map.of("datafusion.optimizer.no_such_knob", "true"))), 400, "unknown-config-key");
    }

    @Test
    void configValueThatDoesNotParse() throws Exception {
        Http.Response r = http.post("/v1/captures", Requests.simple("bad-config", DATA,
                Map.of("datafusion.execution.batch_size", "not-a-number")));
        expect(r, 400, "unknown-config-key");
        assertThat(r.body().path("detail").asString()).contains("datafusion.execution.batch_size");
    }

    @Test
    void sqlThatDoesNotParse() throws Exception {
        expect(http.post("/v1/captures", withSql("SELEC l_returnflag FROM lineitem")), 422, "sql-not-plannable");
    }

    @Test
    void sqlOverAnUnknownTable() throws Exception {
        expect(http.post("/v1/captures", withSql("SELECT * FROM no_such_table")), 422, "sql-not-plannable");
    }

    @Test
    void statementThatIsNotARead() throws Exception {
        expect(http.post("/v1/captures", withSql("CREATE TABLE t2 AS SELECT * FROM lineitem")), 422,
                "statement-refused");
    }

    @Test
    void pathOutsideTheDataRoots() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Requests.simple("bad-path", DATA, Map.of()));
        body.put("tables", List.of(Map.of("name", "lineitem", "format", "parquet", "location", "/etc/")));
        expect(http.post("/v1/captures", body), 400, "path-not-allowed");
    }

    @Test
    void pathEscapingARootWithDotDot() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Requests.simple("bad-path-dots", DATA, Map.of()));
        body.put("tables", List.of(Map.of("name", "lineitem", "format", "parquet",
                "location", DATA + "/../../../../etc/")));
        expect(http.post("/v1/captures", body), 400, "path-not-allowed");
    }

    @Test
    void unknownProfile() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Requests.simple("bad-profile", DATA, Map.of()));
        body.put("profile", "no-such-profile");
        expect(http.post("/v1/captures", body), 400, "unknown-profile");
    }

    @Test
    void tableWithConflictingShapes() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Requests.simple("bad-table", DATA, Map.of()));
        body.put("tables", List.of(Map.of("name", "lineitem", "view", "SELECT 1", "location", "/x")));
        expect(http.post("/v1/captures", body), 400, "invalid-request");
    }

    @Test
    void unknownCaptureAndComponent() throws Exception {
        expect(http.get("/v1/captures/" + UUID.randomUUID()), 404, "not-found");
        expect(http.get("/v1/captures/not-a-uuid"), 400, "invalid-request");
        Http.Response created = http.post("/v1/captures", Requests.simple("no-delta", DATA, Map.of()));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        expect(http.get("/v1/captures/" + created.body().path("id").asString() + "/artifacts/delta"), 404, "not-found");
    }

    private static Map<String, Object> withSql(String sql) {
        Map<String, Object> body = new LinkedHashMap<>(Requests.simple("bad-sql", DATA, Map.of()));
        body.put("sql", sql);
        return body;
    }

    private static void expect(Http.Response response, int status, String type) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemType()).isEqualTo(type);
        assertThat(response.body().path("detail").asString()).isNotBlank();
    }
}
