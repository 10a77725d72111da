package dev.planprovenance.service.store;

import dev.planprovenance.engine.CaptureResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
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
    private static final String INSERT = """
            INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version, plan_identity_hash,
                                 request_key, runtime_profile_key, plan_artifact_key, planning_env_key, rulepack_key,
                                 explain_key, statistics_key, delta_snapshot_key, schema_key, udf_catalog_key,
                                 audit_key, labels)
            VALUES (:id, :plan, :environment, :created, :version, :identity, :request, :profile, :plans, :env,
                    :rulepack, :explain, :statistics, :delta, :schema, :udfs, :audit, CAST(:labels AS jsonb))""";

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
        CaptureRecord capture = storeComponents(input, result);
        jdbc.sql(INSERT).paramSource(parameters(capture)).update();
        return capture;
    }

    /**
     * As {@link #write(CaptureInput, CaptureResult)}, answering what {@code insertAndRead} makes of the capture row's
     * {@code INSERT ... RETURNING *} and its parameters. A caller that reads the capture back wraps the INSERT in its
     * query, so the row is inserted and read in one statement, within this transaction.
     */
    @Transactional
    public <T> T write(CaptureInput input, CaptureResult result,
            BiFunction<String, SqlParameterSource, T> insertAndRead) {
        CaptureRecord capture = storeComponents(input, result);
        return insertAndRead.apply(INSERT + " RETURNING *", parameters(capture));
    }

    /** Every component under its content key; the capture row that references them, not yet inserted. */
    private CaptureRecord storeComponents(CaptureInput input, CaptureResult result) {
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
        return capture;
    }

    private static SqlParameterSource parameters(CaptureRecord c) {
        return new MapSqlParameterSource()
                .addValue("id", c.id())
                .addValue("plan", c.planId().getId())
                .addValue("environment", c.environment())
                .addValue("created", c.createdAt().atOffset(ZoneOffset.UTC))
                .addValue("version", c.artifactSchemaVersion())
                .addValue("identity", c.planIdentityHash())
                .addValue("request", bytes(c.requestKey()))
                .addValue("profile", bytes(c.runtimeProfileKey()))
                .addValue("plans", bytes(c.planArtifactKey()))
                .addValue("env", bytes(c.planningEnvKey()))
                .addValue("rulepack", bytes(c.rulepackKey()))
                .addValue("explain", bytes(c.explainKey()))
                .addValue("statistics", bytes(c.statisticsKey()))
                // Typed, as it may be null: an untyped null would cost a round trip to ask the server for its type.
                .addValue("delta", bytes(c.deltaSnapshotKey()), java.sql.Types.BINARY)
                .addValue("schema", bytes(c.schemaKey()))
                .addValue("udfs", bytes(c.udfCatalogKey()))
                .addValue("audit", bytes(c.auditKey()))
                .addValue("labels", c.labels().json());
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
