package dev.planprovenance.service.plans;

import dev.planprovenance.service.api.PlansApi;
import dev.planprovenance.service.api.model.Artifact;
import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.CapturePage;
import dev.planprovenance.service.api.model.PlanList;
import dev.planprovenance.service.capture.CaptureReader;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The read side of the API, as generated from openapi/openapi.yaml. */
@RestController
public class PlansController implements PlansApi {
    private final CaptureReader reader;
    private final CaptureQueries captures;
    private final ArtifactQueries artifacts;

    public PlansController(CaptureReader reader, CaptureQueries captures, ArtifactQueries artifacts) {
        this.reader = reader;
        this.captures = captures;
        this.artifacts = artifacts;
    }

    @Override
    public ResponseEntity<Capture> getCapture(UUID id) {
        return ResponseEntity.ok(reader.capture(id));
    }

    @Override
    public ResponseEntity<Artifact> getArtifact(UUID id, String component) {
        return ResponseEntity.ok(artifacts.artifact(id, component));
    }

    @Override
    public ResponseEntity<PlanList> listPlans() {
        return ResponseEntity.ok(captures.plans());
    }

    @Override
    public ResponseEntity<CapturePage> listPlanCaptures(String planName, String environment, OffsetDateTime from,
            OffsetDateTime to, Integer page, Integer size) {
        return ResponseEntity.ok(captures.page(planName, environment, from, to, page, size));
    }
}
