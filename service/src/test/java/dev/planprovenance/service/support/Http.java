package dev.planprovenance.service.support;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service over HTTP (MockMvc through the whole Spring MVC stack); every response is checked against the
 * OpenAPI contract before a test sees it.
 */
public final class Http {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvc mvc;

    public Http(MockMvc mvc) {
        this.mvc = mvc;
    }

    public record Response(int status, JsonNode body, String contentType, String retryAfter) {
        public String problemType() {
            return body.path("type").asString().replace("https://planprovenance.dev/problems/", "");
        }
    }

    public Response post(String path, String json) throws Exception {
        return exchange(mvc.perform(MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(json))
                .andReturn());
    }

    public Response post(String path, Object body) throws Exception {
        return post(path, JSON.writeValueAsString(body));
    }

    public Response get(String path) throws Exception {
        return exchange(mvc.perform(MockMvcRequestBuilders.get(path)).andReturn());
    }

    private static Response exchange(org.springframework.test.web.servlet.MvcResult result) throws Exception {
        OpenApiContract.assertConforms(result);
        String text = result.getResponse().getContentAsString();
        JsonNode body = text.isEmpty() ? JSON.missingNode() : JSON.readTree(text);
        return new Response(result.getResponse().getStatus(), body, result.getResponse().getContentType(),
                result.getResponse().getHeader("Retry-After"));
    }

    public static JsonMapper json() {
        return JSON;
    }
}
