package dev.planprovenance.service.store;

import dev.planprovenance.engine.CaptureResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores one capture in one transaction: every component under its content key (new rows only for content never
 * seen before), then the capture row that references them. The capture row is a plain INSERT rather than Spring Data
 * JDBC's aggregate insert: it is the one statement every capture runs, and mapping the record through Spring Data
 * cost more CPU than the round trip itself.
 */
@Service
public class CaptureWriter {
    private final PlanRepository plans;
    private final RequestStore requests;
    private final ComponentStore components;
    private final PlanArtifactStore planArtifacts;
    private final ExplainStore explains;
    private final SchemaStore schemas;
    private final JdbcClient jdbc;
    private final CanonicalJson json;
    private final KnownContent known;

    public CaptureWriter(PlanRepository plans, RequestStore requests, ComponentStore components,
            PlanArtifactStore planArtifacts, ExplainStore explains, SchemaStore schemas,
            JdbcClient jdbc, CanonicalJson json, KnownContent known) {
        this.plans = plans;
        this.requests = requests;
        this.components = components;
        this.planArtifacts = planArtifacts;
        this.explains = explains;
        this.schemas = schemas;
        this.jdbc = jdbc;
        this.json = json;
        this.known = known;
    }

    @Transactional
    public CaptureRecord write(CaptureInput input, CaptureResult result) {
        long planId = planId(input.planName());
        Map<String, String> hashes = result.hashes();
        ContentKey delta = result.components().containsKey(Component.DELTA.apiName())
                ? json(Component.DELTA, result) : null;
        CaptureRecord capture = new CaptureRecord(
                UUID.randomUUID(),
                AggregateReference.to(planId),
                input.environment(),
                // PostgreSQL keeps microseconds: truncate so the answer equals what is read back later.
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                CaptureResult.ARTIFACT_SCHEMA_VERSION,
                result.hash("plan_identity_hash"),
                requests.putRequest(input),
                requests.putProfile(input.profile()),
                planArtifacts.put(result.component(Component.PLANS.apiName()), result.planBytes(), hashes).key(),
                json(Component.PLANNING_ENV, result),
                json(Component.RULEPACK, result),
                explains.put(result.component(Component.EXPLAIN.apiName()), result.explain(), hashes).key(),
                json(Component.STATISTICS, result),
                delta,
                schemas.put(result.component(Component.SCHEMA.apiName()), hashes).key(),
                json(Component.UDFS, result),
                json(Component.AUDIT, result),
                new JsonDocument(json.write(input.labels())));
        insert(capture);
        return capture;
    }

    private void insert(CaptureRecord c) {
        jdbc.sql("""
                INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version, plan_identity_hash,
                                     request_key, runtime_profile_key, plan_artifact_key, planning_env_key,
                                     rulepack_key, explain_key, statistics_key, delta_snapshot_key, schema_key,
                                     udf_catalog_key, audit_key, labels)
                VALUES (:id, :plan, :environment, :created, :version, :identity, :request, :profile, :plans, :env,
                        :rulepack, :explain, :statistics, :delta, :schema, :udfs, :audit, CAST(:labels AS jsonb))""")
                .param("id", c.id())
                .param("plan", c.planId().getId())
                .param("environment", c.environment())
                .param("created", c.createdAt().atOffset(ZoneOffset.UTC))
                .param("version", c.artifactSchemaVersion())
                .param("identity", c.planIdentityHash())
                .param("request", bytes(c.requestKey()))
                .param("profile", bytes(c.runtimeProfileKey()))
                .param("plans", bytes(c.planArtifactKey()))
                .param("env", bytes(c.planningEnvKey()))
                .param("rulepack", bytes(c.rulepackKey()))
                .param("explain", bytes(c.explainKey()))
                .param("statistics", bytes(c.statisticsKey()))
                .param("delta", bytes(c.deltaSnapshotKey()), java.sql.Types.BINARY)
                .param("schema", bytes(c.schemaKey()))
                .param("udfs", bytes(c.udfCatalogKey()))
                .param("audit", bytes(c.auditKey()))
                .param("labels", c.labels().json())
                .update();
    }

    private static byte[] bytes(ContentKey key) {
        return key == null ? null : key.bytes();
    }

    private long planId(String name) {
        Long known = this.known.planId(name);
        if (known != null) return known;
        plans.insertIfAbsent(name);
        long id = plans.findByName(name).orElseThrow().id();
        this.known.rememberPlan(name, id);
        return id;
    }

    private ContentKey json(Component component, CaptureResult result) {
        return components.put(component, result.component(component.apiName()), result.hashes()).key();
    }
}
