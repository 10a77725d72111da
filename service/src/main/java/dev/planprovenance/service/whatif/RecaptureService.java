package dev.planprovenance.service.whatif;

import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.Recapture;
import dev.planprovenance.service.api.model.RecaptureRequest;
import dev.planprovenance.service.capture.CaptureReader;
import dev.planprovenance.service.capture.CaptureService;
import dev.planprovenance.service.drift.DriftService;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * A stored capture's request captured again under other inputs, through the path of POST /v1/captures
 * ({@link CaptureService#capture}: the same validation, problems and storage), and compared with its source.
 */
@Service
public class RecaptureService {
    private final CaptureReader reader;
    private final CaptureService captures;
    private final RecaptureRequests requests;
    private final DriftService drift;

    public RecaptureService(CaptureReader reader, CaptureService captures, RecaptureRequests requests,
            DriftService drift) {
        this.reader = reader;
        this.captures = captures;
        this.requests = requests;
        this.drift = drift;
    }

    /** POST /v1/captures/{id}/recapture: an unknown source is not-found before anything is captured. */
    public Recapture recapture(UUID sourceId, RecaptureRequest body) {
        Capture source = reader.capture(sourceId);
        return recapture(source, new WhatIf(body.getProfile(), body.getConfig(), body.getStatistics(),
                body.getEnvironment(), body.getLabels()));
    }

    /** Captures the source's request with {@code whatIf} applied, and the drift from the source to the new capture. */
    Recapture recapture(Capture source, WhatIf whatIf) {
        Capture stored = captures.capture(requests.build(source, whatIf));
        DriftReport report = drift.between(source.getId(), stored.getId(), DriftService.DEFAULT_TOLERANCE);
        return new Recapture(stored, report);
    }
}
