package dev.planprovenance.service.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What an operator sees: health of the database and the engine pool, and the Prometheus metrics. */
class OperationsTest extends EndToEndTest {

    @Test
    void healthCoversDatabaseAndEnginePool() throws Exception {
        String text = mvc.perform(get("/actuator/health")).andReturn().getResponse().getContentAsString();
        JsonNode health = Http.json().readTree(text);
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
        JsonNode pool = health.path("components").path("enginePool");
        assertThat(pool.path("status").asString()).isEqualTo("UP");
        assertThat(pool.path("details").path("profiles").path("default").path("size").asInt()).isEqualTo(2);
    }

    @Test
    void prometheusShowsCaptureLatencyPoolAndDedup() throws Exception {
        Map<String, Object> request = Requests.simple("metrics", DATA, Map.of());
        assertThat(http.post("/v1/captures", request).status()).isEqualTo(201);
        assertThat(http.post("/v1/captures", request).status()).isEqualTo(201);
        assertThat(http.post("/v1/captures", Map.of("plan_name", "m", "sql", "SELEC")).status()).isEqualTo(422);

        String metrics = mvc.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString();
        assertThat(metrics)
                .containsPattern("provenance_capture_latency_seconds_count\\{[^}]*outcome=\"captured\"[^}]*\\} [1-9]")
                .containsPattern("provenance_capture_latency_seconds_count\\{[^}]*outcome=\"PlanningException\"")
                .containsPattern("provenance_pool_size\\{[^}]*profile=\"default\"[^}]*\\} 2")
                .contains("provenance_pool_in_use")
                .contains("provenance_pool_waits_total")
                .containsPattern("provenance_store_dedup_hits_total\\{[^}]*component=\"plans\"[^}]*\\} [1-9]");
    }
}
