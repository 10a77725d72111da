package dev.planprovenance.service.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Every failure becomes an RFC 9457 problem with the right status and type, and nothing internal leaks. */
@WebMvcTest(controllers = ProblemProbeController.class, properties = "provenance.http.max-request-size=2KB")
class ProblemDetailsAdviceTest {
    private static final String TYPES = "https://planprovenance.dev/problems/";

    @Autowired MockMvc mvc;

    @ParameterizedTest
    @CsvSource({
        "planning, 422, sql-not-plannable",
        "refused, 422, statement-refused",
        "config, 400, unknown-config-key",
        "path, 400, path-not-allowed",
        "resources, 422, resources-exhausted",
        "execution, 422, execution-failed",
        "not-found, 404, not-found",
    })
    void clientFailuresKeepTheirMessage(String kind, int status, String type) throws Exception {
        mvc.perform(get("/probe/" + kind))
                .andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(TYPES + type))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.instance").value("/probe/" + kind))
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }

    @ParameterizedTest
    @CsvSource({"internal", "panic", "database", "unexpected"})
    void internalFailuresNameOnlyAnErrorId(String kind) throws Exception {
        MvcResult result = mvc.perform(get("/probe/" + kind))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value(TYPES + "internal"))
                .andExpect(jsonPath("$.error_id").isNotEmpty())
                .andReturn();
        String body = result.getResponse().getContentAsString();
        assertThat(body).doesNotContain("hunter2", "db.internal", "Exception", "at dev.");
    }

    @Test
    void poolExhaustionAsksToRetry() throws Exception {
        mvc.perform(get("/probe/pool"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value(TYPES + "pool-exhausted"));
    }

    @Test
    void malformedJsonSaysWhere() throws Exception {
        mvc.perform(post("/probe/body").contentType(MediaType.APPLICATION_JSON).content("{\"plan_name\": \"x\",\n \"sql\": }"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "invalid-request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Malformed JSON at line 2")));
    }

    @Test
    void missingRequiredFieldIsNamedInSnakeCase() throws Exception {
        mvc.perform(post("/probe/body").contentType(MediaType.APPLICATION_JSON).content("{\"sql\": \"select 1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("plan_name"));
    }

    @Test
    void unknownFieldIsRefused() throws Exception {
        mvc.perform(post("/probe/body").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"plan_name\": \"x\", \"sql\": \"select 1\", \"sqll\": 1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Unknown field 'sqll'."));
    }

    @Test
    void wrongEnumValueNamesThePath() throws Exception {
        mvc.perform(post("/probe/body").contentType(MediaType.APPLICATION_JSON).content(
                        "{\"plan_name\": \"x\", \"sql\": \"select 1\", \"tables\": [{\"name\": \"t\", \"format\": \"csv\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Invalid value at 'tables[0].format'."));
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String sql = "select 1 " + "x".repeat(4096);
        mvc.perform(post("/probe/body").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"plan_name\": \"x\", \"sql\": \"" + sql + "\"}"))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value(TYPES + "payload-too-large"));
    }

    @Test
    void nonJsonBodyIs415() throws Exception {
        mvc.perform(post("/probe/body").contentType(MediaType.TEXT_PLAIN).content("plan_name=x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value(TYPES + "unsupported-media-type"));
    }

    @Test
    void unknownPathIs404Problem() throws Exception {
        mvc.perform(get("/nowhere"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(TYPES + "not-found"));
    }
}
