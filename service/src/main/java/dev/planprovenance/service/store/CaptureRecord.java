package dev.planprovenance.service.store;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One capture: who (plan, environment), when, and the content keys of everything captured. It is the only row a
 * repeated capture of an unchanged plan adds. Keys are null only for captures older than the component (V1-V5).
 */
@Table("capture")
public record CaptureRecord(
        @Id UUID id,
        AggregateReference<PlanRecord, Long> planId,
        String environment,
        Instant createdAt,
        int artifactSchemaVersion,
        String planIdentityHash,
        ContentKey requestKey,
        ContentKey runtimeProfileKey,
        ContentKey planArtifactKey,
        ContentKey planningEnvKey,
        ContentKey rulepackKey,
        ContentKey explainKey,
        ContentKey statisticsKey,
        ContentKey deltaSnapshotKey,
        ContentKey schemaKey,
        ContentKey udfCatalogKey,
        ContentKey auditKey,
        JsonDocument labels) {}
