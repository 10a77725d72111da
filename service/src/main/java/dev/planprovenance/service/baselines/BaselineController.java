package dev.planprovenance.service.baselines;

import dev.planprovenance.service.api.BaselinesApi;
import dev.planprovenance.service.api.model.BaselineApproval;
import dev.planprovenance.service.api.model.BaselineHistory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The baseline endpoints (tag baselines), as generated from openapi/openapi.yaml. */
@RestController
public class BaselineController implements BaselinesApi {
    private final BaselineService baselines;

    public BaselineController(BaselineService baselines) {
        this.baselines = baselines;
    }

    @Override
    public ResponseEntity<BaselineHistory> approveBaseline(String planName, String environment,
            BaselineApproval approval) {
        return ResponseEntity.ok(baselines.approve(planName, environment, approval));
    }

    @Override
    public ResponseEntity<BaselineHistory> getBaseline(String planName, String environment) {
        return ResponseEntity.ok(baselines.history(planName, environment));
    }

    @Override
    public ResponseEntity<BaselineHistory> retireBaseline(String planName, String environment, String retiredBy,
            String reason) {
        return ResponseEntity.ok(baselines.retire(planName, environment, retiredBy, reason));
    }
}
