package dev.planprovenance.service.baselines;

import dev.planprovenance.service.api.ChecksApi;
import dev.planprovenance.service.api.model.CheckBatchRequest;
import dev.planprovenance.service.api.model.CheckBatchResult;
import dev.planprovenance.service.api.model.CheckRequest;
import dev.planprovenance.service.api.model.CheckResult;
import dev.planprovenance.service.api.model.CheckVerdict;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The check endpoints (tag checks), as generated from openapi/openapi.yaml. The status is the gate: 200 for pass and
 * tolerated, 409 for fail, baseline_expired and (unless allowed) no_baseline, so {@code curl --fail} stops a build.
 */
@RestController
public class CheckController implements ChecksApi {
    private final CheckService checks;

    public CheckController(CheckService checks) {
        this.checks = checks;
    }

    @Override
    public ResponseEntity<CheckResult> createCheck(CheckRequest request, Boolean allowNoBaseline) {
        CheckResult result = checks.check(request);
        return ResponseEntity.status(status(result.getVerdict(), allowNoBaseline)).body(result);
    }

    @Override
    public ResponseEntity<CheckBatchResult> createCheckBatch(CheckBatchRequest request, Boolean allowNoBaseline) {
        CheckBatchResult result = checks.batch(request.getChecks());
        return ResponseEntity.status(status(result.getVerdict(), allowNoBaseline)).body(result);
    }

    static HttpStatus status(CheckVerdict verdict, Boolean allowNoBaseline) {
        return switch (verdict) {
            case PASS, TOLERATED -> HttpStatus.OK;
            case NO_BASELINE -> Boolean.TRUE.equals(allowNoBaseline) ? HttpStatus.OK : HttpStatus.CONFLICT;
            case FAIL, BASELINE_EXPIRED -> HttpStatus.CONFLICT;
        };
    }
}
