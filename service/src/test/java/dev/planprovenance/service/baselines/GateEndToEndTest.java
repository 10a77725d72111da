package dev.planprovenance.service.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.OpenApiContract;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

/**
 * Base of the gate tests: the whole service (real engine, real PostgreSQL) with the baseline and check endpoints
 * spoken over HTTP; every answer is checked against openapi.yaml.
 */
abstract class GateEndToEndTest extends EndToEndTest {

    protected JsonNode capture(Map<String, Object> request) throws Exception {
        Http.Response created = http.post("/v1/captures", request);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body();
    }

    protected static String id(JsonNode capture) {
        return capture.path("id").asString();
    }

    protected Http.Response approve(String plan, String environment, Map<String, Object> body) throws Exception {
        return send(MockMvcRequestBuilders.put("/v1/plans/" + plan + "/baselines/" + environment)
                .contentType(MediaType.APPLICATION_JSON).content(Http.json().writeValueAsString(body)));
    }

    protected JsonNode approved(JsonNode capture, String by, String reason, Map<String, Object> tolerances)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("capture_id", id(capture));
        body.put("approved_by", by);
        body.put("reason", reason);
        if (tolerances != null) body.put("tolerances", tolerances);
        Http.Response response = approve(capture.path("plan_name").asString(), capture.path("environment").asString(),
                body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    protected Http.Response retire(String plan, String environment, String by, String reason) throws Exception {
        return send(MockMvcRequestBuilders.delete("/v1/plans/" + plan + "/baselines/" + environment)
                .param("retired_by", by).param("reason", reason));
    }

    protected Http.Response check(Object body) throws Exception {
        return http.post("/v1/checks", body);
    }

    protected Http.Response checkBatch(List<?> checks) throws Exception {
        return http.post("/v1/checks/batch", Map.of("checks", checks));
    }

    /** A check answered as JUnit XML: the status and the parsed document (javax.xml's own parser). */
    protected record Xml(int status, Document document, String text) {}

    protected Xml checkXml(String path, Object body) throws Exception {
        MvcResult result = mvc.perform(MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_XML).content(Http.json().writeValueAsString(body))).andReturn();
        OpenApiContract.assertConforms(result);
        assertThat(result.getResponse().getContentType()).startsWith("application/xml");
        String text = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        return new Xml(result.getResponse().getStatus(), document, text);
    }

    private Http.Response send(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        OpenApiContract.assertConforms(result);
        String text = result.getResponse().getContentAsString();
        return new Http.Response(result.getResponse().getStatus(),
                text.isEmpty() ? Http.json().missingNode() : Http.json().readTree(text),
                result.getResponse().getContentType(), null);
    }

    /** Component name → verdict of a check answer. */
    protected static Map<String, String> verdicts(JsonNode check) {
        Map<String, String> out = new LinkedHashMap<>();
        check.path("components").forEach(c -> out.put(c.path("component").asString(), c.path("verdict").asString()));
        return out;
    }

    protected static JsonNode component(JsonNode check, String name) {
        for (JsonNode c : check.path("components")) if (name.equals(c.path("component").asString())) return c;
        throw new AssertionError("no component " + name + " in " + check);
    }

    /** A schema-only request whose table declares its row count and size scaled by {@code factor}. */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> scaled(Map<String, Object> request, String table, double factor) {
        Map<String, Object> copy = new LinkedHashMap<>(request);
        List<Object> tables = new ArrayList<>();
        for (Object t : (List<Object>) request.get("tables")) {
            Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) t);
            if (table.equals(entry.get("name"))) {
                Map<String, Object> statistics = new LinkedHashMap<>((Map<String, Object>) entry.get("statistics"));
                statistics.put("num_rows", Math.round(((Number) statistics.get("num_rows")).longValue() * factor));
                statistics.put("total_byte_size",
                        Math.round(((Number) statistics.get("total_byte_size")).longValue() * factor));
                entry.put("statistics", statistics);
            }
            tables.add(entry);
        }
        copy.put("tables", tables);
        return copy;
    }
}
