package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.DriftApi;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.EnvironmentComparison;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** Drift reports and environment comparisons, as generated from openapi/openapi.yaml (tag drift). */
@RestController
public class DriftController implements DriftApi {
    private final DriftService drift;
    private final EnvironmentComparer environments;

    public DriftController(DriftService drift, EnvironmentComparer environments) {
        this.drift = drift;
        this.environments = environments;
    }

    @Override
    public ResponseEntity<DriftReport> getPlanDrift(String planName, UUID from, UUID to, String environment,
            String fromEnvironment, String toEnvironment, Double statisticsTolerance) {
        return ResponseEntity.ok(drift.forPlan(planName, from, to, environment, fromEnvironment, toEnvironment,
                tolerance(statisticsTolerance)));
    }

    @Override
    public ResponseEntity<EnvironmentComparison> compareEnvironments(String from, String to,
            Double statisticsTolerance) {
        return ResponseEntity.ok(environments.compare(from, to, tolerance(statisticsTolerance)));
    }

    private static double tolerance(Double given) {
        return given == null ? DriftService.DEFAULT_TOLERANCE : given;
    }
}
