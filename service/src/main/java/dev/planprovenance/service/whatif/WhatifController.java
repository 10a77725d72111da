package dev.planprovenance.service.whatif;

import dev.planprovenance.service.api.WhatifApi;
import dev.planprovenance.service.api.model.Recapture;
import dev.planprovenance.service.api.model.RecaptureRequest;
import dev.planprovenance.service.api.model.SensitivityRequest;
import dev.planprovenance.service.api.model.SensitivitySweep;
import dev.planprovenance.service.api.model.SensitivitySweepList;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/** The what-if endpoints (tag whatif), as generated from openapi/openapi.yaml. */
@RestController
public class WhatifController implements WhatifApi {
    private final RecaptureService recaptures;
    private final SensitivityService sensitivity;

    public WhatifController(RecaptureService recaptures, SensitivityService sensitivity) {
        this.recaptures = recaptures;
        this.sensitivity = sensitivity;
    }

    @Override
    public ResponseEntity<Recapture> recapture(UUID id, RecaptureRequest request) {
        Recapture recapture = recaptures.recapture(id, request);
        return ResponseEntity.created(URI.create("/v1/captures/" + recapture.getCapture().getId())).body(recapture);
    }

    @Override
    public ResponseEntity<SensitivitySweep> createSensitivitySweep(UUID id, SensitivityRequest request) {
        SensitivitySweep sweep = sensitivity.sweep(id, request);
        // The contract's Location: the plan's sweeps, where this one is listed.
        return ResponseEntity.created(URI.create("/v1/plans/"
                + UriUtils.encodePathSegment(sweep.getPlanName(), StandardCharsets.UTF_8) + "/sensitivity"))
                .body(sweep);
    }

    @Override
    public ResponseEntity<SensitivitySweepList> listSensitivitySweeps(String planName) {
        return ResponseEntity.ok(new SensitivitySweepList(new ArrayList<>(sensitivity.sweeps(planName))));
    }
}
