package dev.planprovenance.service.baselines;

import dev.planprovenance.service.api.model.CheckResult;
import dev.planprovenance.service.store.CanonicalJson;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored checks (table baseline_check, V11): the verdict per component as answered, referring to both captures. */
@Repository
class CheckStore {
    private final JdbcClient jdbc;
    private final CanonicalJson json;

    CheckStore(JdbcClient jdbc, CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(CheckResult result, UUID batchId, Long baselineEventId) {
        jdbc.sql("""
                        INSERT INTO baseline_check (id, batch_id, capture_id, baseline_event_id, baseline_capture_id,
                                                    verdict, components, created_at)
                        VALUES (:id, :batch, :capture, :event, :baseline, :verdict, CAST(:components AS jsonb), :created)""")
                .param("id", result.getCheckId()).param("batch", batchId).param("capture", result.getCaptureId())
                .param("event", baselineEventId)
                .param("baseline", result.getBaseline() == null ? null : result.getBaseline().getCaptureId())
                .param("verdict", result.getVerdict().getValue()).param("components", json.write(result.getComponents()))
                .param("created", result.getCreatedAt())
                .update();
    }
}
