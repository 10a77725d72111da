package dev.planprovenance.service.retention;

import dev.planprovenance.service.api.AdminApi;
import dev.planprovenance.service.api.model.RetentionRun;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The admin endpoints (tag admin), as generated from openapi/openapi.yaml. */
@RestController
public class RetentionController implements AdminApi {
    private final RetentionService retention;

    public RetentionController(RetentionService retention) {
        this.retention = retention;
    }

    @Override
    public ResponseEntity<RetentionRun> runRetention() {
        return ResponseEntity.ok(retention.run());
    }
}
