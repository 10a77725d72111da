package dev.planprovenance.service.capture;

import dev.planprovenance.service.api.CapturesApi;
import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.CaptureRequest;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** POST /v1/captures, as generated from openapi/openapi.yaml. */
@RestController
public class CaptureController implements CapturesApi {
    private final CaptureService captures;

    public CaptureController(CaptureService captures) {
        this.captures = captures;
    }

    @Override
    public ResponseEntity<Capture> createCapture(CaptureRequest request) {
        // The answer is what was stored, read back the way GET /v1/captures/{id} reads it.
        Capture stored = captures.capture(request);
        return ResponseEntity.created(URI.create("/v1/captures/" + stored.getId())).body(stored);
    }
}
