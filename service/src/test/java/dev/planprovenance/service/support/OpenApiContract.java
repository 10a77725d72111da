package dev.planprovenance.service.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.web.servlet.MvcResult;

/** Validates real responses against openapi/openapi.yaml, the contract the controllers are generated from. */
public final class OpenApiContract {
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(spec().toUri().toString())
            .build();

    private OpenApiContract() {}

    public static void assertConforms(MvcResult result) throws Exception {
        var request = result.getRequest();
        var response = result.getResponse();
        SimpleResponse.Builder actual = SimpleResponse.Builder.status(response.getStatus())
                .withBody(response.getContentAsString());
        if (response.getContentType() != null) actual.withContentType(response.getContentType());
        for (String name : response.getHeaderNames()) actual.withHeader(name, response.getHeaders(name));
        String path = URI.create(request.getRequestURI()).getPath();
        ValidationReport report = VALIDATOR.validateResponse(path, Request.Method.valueOf(request.getMethod()),
                actual.build());
        assertThat(report.getMessages())
                .as("%s %s -> %d does not conform to openapi.yaml: %s", request.getMethod(), path,
                        response.getStatus(), response.getContentAsString())
                .isEmpty();
    }

    private static Path spec() {
        Path path = Path.of(System.getProperty("provenance.openapi", "../openapi/openapi.yaml"));
        if (!Files.exists(path)) throw new IllegalStateException("OpenAPI contract not found at " + path.toAbsolutePath());
        return path;
    }
}
