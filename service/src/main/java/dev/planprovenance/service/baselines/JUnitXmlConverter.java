package dev.planprovenance.service.baselines;

import dev.planprovenance.service.api.model.CheckBatchResult;
import dev.planprovenance.service.api.model.CheckResult;
import java.io.IOException;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.stereotype.Component;

/**
 * Writes a check or a batch of checks as JUnit XML when the client asks for {@code application/xml} (content
 * negotiation picks it; JSON stays the default). Write-only: nothing is read as XML.
 */
@Component
public class JUnitXmlConverter extends AbstractHttpMessageConverter<Object> {
    public JUnitXmlConverter() {
        super(MediaType.APPLICATION_XML);
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return CheckResult.class.equals(clazz) || CheckBatchResult.class.equals(clazz);
    }

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    protected Object readInternal(Class<?> clazz, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("JUnit XML is an answer, not a request body.", input);
    }

    @Override
    protected void writeInternal(Object body, HttpOutputMessage output) throws IOException {
        List<CheckResult> checks = body instanceof CheckBatchResult batch ? batch.getChecks() : List.of((CheckResult) body);
        try {
            JUnitXml.write(checks, output.getBody());
        } catch (XMLStreamException e) {
            throw new HttpMessageNotWritableException("Could not write JUnit XML", e);
        }
    }
}
