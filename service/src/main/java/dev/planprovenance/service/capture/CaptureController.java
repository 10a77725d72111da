package dev.planprovenance.service.capture;

import dev.planprovenance.service.api.CapturesApi;
import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.CaptureRequest;
import dev.planprovenance.service.plans.CaptureQueries;
import dev.planprovenance.service.store.CaptureRecord;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** POST /v1/captures, as generated from openapi/openapi.yaml. */
@RestController
public class CaptureController implements CapturesApi {
    private final CaptureService captures;
    private final CaptureQueries queries;

    public CaptureController(CaptureService captures, CaptureQueries queries) {
        this.captures = captures;
        this.queries = queries;
    }

    @Override
    public ResponseEntity<Capture> createCapture(CaptureRequest request) {
        CaptureRecord record = captures.capture(request);
        // Answer with what was stored, read back the way GET /v1/captures/{id} reads it.
        Capture stored = queries.capture(record.id());
        return ResponseEntity.created(URI.create("/v1/captures/" + record.id())).body(stored);
    }
}
