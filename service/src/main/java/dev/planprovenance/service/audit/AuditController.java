package dev.planprovenance.service.audit;

import dev.planprovenance.service.api.AuditsApi;
import dev.planprovenance.service.api.model.RepeatAudit;
import dev.planprovenance.service.api.model.RepeatAuditList;
import dev.planprovenance.service.api.model.RepeatAuditRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The repeat audit endpoints (tag audits), as generated from openapi/openapi.yaml. */
@RestController
public class AuditController implements AuditsApi {
    private final RepeatAuditService audits;

    public AuditController(RepeatAuditService audits) {
        this.audits = audits;
    }

    @Override
    public ResponseEntity<RepeatAudit> createRepeatAudit(RepeatAuditRequest request) {
        RepeatAudit audit = audits.repeat(request);
        return ResponseEntity.created(URI.create("/v1/audits/" + audit.getId())).body(audit);
    }

    @Override
    public ResponseEntity<RepeatAudit> getRepeatAudit(UUID id) {
        return ResponseEntity.ok(audits.audit(id));
    }

    @Override
    public ResponseEntity<RepeatAuditList> listRepeatAudits(String planName) {
        RepeatAuditList list = new RepeatAuditList();
        list.setItems(new ArrayList<>(audits.audits(planName)));
        return ResponseEntity.ok(list);
    }
}
