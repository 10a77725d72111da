package dev.planprovenance.service.capture;

import dev.planprovenance.engine.CaptureResult;
import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.store.CanonicalJson;
import dev.planprovenance.service.store.RetentionLock;
import dev.planprovenance.service.store.CaptureContent;
import dev.planprovenance.service.store.CaptureInput;
import dev.planprovenance.service.store.ContentStore;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores one capture: every content-addressed row it references that is not stored yet (components, their component
 * set, request, profile), then the capture row, in one transaction, and answers the capture as read back by the
 * statement that inserts its row. A capture whose content is all stored already (a repeat capture of an unchanged
 * plan) writes only its capture row: one statement, atomic by itself, so it runs without a transaction around it and
 * costs one round trip instead of two.
 */
@Service
public class CaptureWriter {
    private static final String INSERT = """
            INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version, plan_identity_hash,
                                 request_key, runtime_profile_key, component_set_key, labels)
            VALUES (:id, :plan, :environment, :created, :version, :identity, :request, :profile, :components,
                    CAST(:labels AS jsonb))
            RETURNING *""";

    private final ContentStore content;
    private final PlanIds plans;
    private final CaptureReader reader;
    private final CanonicalJson json;
    private final TransactionTemplate transaction;
    private final RetentionLock retention;

    public CaptureWriter(ContentStore content, PlanIds plans, CaptureReader reader, CanonicalJson json,
            PlatformTransactionManager transactions, RetentionLock retention) {
        this.retention = retention;
        this.content = content;
        this.plans = plans;
        this.reader = reader;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    public Capture write(CaptureInput input, CaptureResult result) {
        CaptureContent rows = content.prepare(input, result);
        Long planId = plans.known(input.planName());
        if (planId != null && content.isStored(rows)) {
            try {
                return reader.insertAndRead(INSERT, parameters(planId, rows, input, result));
            } catch (DataIntegrityViolationException e) {
                // Retention removed content this process knew stored (the capture row's FOREIGN KEYs refused it):
                // write it again, as a first capture does.
                retention.forgetKnownContent();
            }
        }
        return transaction.execute(status -> {
            retention.shared();
            long id = plans.id(input.planName());
            content.store(rows);
            return reader.insertAndRead(INSERT, parameters(id, rows, input, result));
        });
    }

    private SqlParameterSource parameters(long planId, CaptureContent rows, CaptureInput input,
            CaptureResult result) {
        return new MapSqlParameterSource()
                .addValue("id", UUID.randomUUID())
                .addValue("plan", planId)
                .addValue("environment", input.environment())
                .addValue("created", OffsetDateTime.now(ZoneOffset.UTC))
                .addValue("version", CaptureResult.ARTIFACT_SCHEMA_VERSION)
                .addValue("identity", result.hash("plan_identity_hash"))
                .addValue("request", rows.requestKey().bytes())
                .addValue("profile", rows.profileKey().bytes())
                .addValue("components", rows.componentSetKey().bytes())
                .addValue("labels", json.write(input.labels()));
    }
}
