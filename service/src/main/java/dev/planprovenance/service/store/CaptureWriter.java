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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores one capture: every component under its content key (new rows only for content never seen before), then the
 * capture row that references them, in one transaction. A capture whose components are all stored already (a repeat
 * capture of an unchanged plan) writes only its capture row: one statement, atomic by itself, so it runs without a
 * transaction around it and costs one round trip instead of two. The capture row is a plain INSERT rather than
 * Spring Data JDBC's aggregate insert: it is the one statement every capture runs, and mapping the record through
 * Spring Data cost more CPU than the round trip itself.
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
    private static final String INSERT_RETURNING = INSERT + " RETURNING *";

    private final PlanRepository plans;
    private final RequestStore requests;
    private final ComponentStore components;
    private final PlanArtifactStore planArtifacts;
    private final ExplainStore explains;
    private final SchemaStore schemas;
    private final JdbcClient jdbc;
    private final CanonicalJson json;
    private final KnownContent known;
    private final StoreMetrics metrics;
    private final TransactionTemplate transaction;

    public CaptureWriter(PlanRepository plans, RequestStore requests, ComponentStore components,
            PlanArtifactStore planArtifacts, ExplainStore explains, SchemaStore schemas,
            JdbcClient jdbc, CanonicalJson json, KnownContent known, StoreMetrics metrics,
            PlatformTransactionManager transactions) {
        this.plans = plans;
        this.requests = requests;
        this.components = components;
        this.planArtifacts = planArtifacts;
        this.explains = explains;
        this.schemas = schemas;
        this.jdbc = jdbc;
        this.json = json;
        this.known = known;
        this.metrics = metrics;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Transactional
    public CaptureRecord write(CaptureInput input, CaptureResult result) {
        CaptureParts parts = parts(input, result);
        CaptureRecord capture = record(planId(input.planName()), store(parts), input, result);
        jdbc.sql(INSERT).paramSource(parameters(capture)).update();
        return capture;
    }

    /**
     * As {@link #write(CaptureInput, CaptureResult)}, answering what {@code insertAndRead} makes of the capture row's
     * {@code INSERT ... RETURNING *} and its parameters. A caller that reads the capture back wraps the INSERT in its
     * query, so the row is inserted and read in one statement (within the transaction that stores new components).
     */
    public <T> T write(CaptureInput input, CaptureResult result,
            BiFunction<String, SqlParameterSource, T> insertAndRead) {
        CaptureParts parts = parts(input, result);
        Long planId = known.planId(input.planName());
        if (planId != null && parts.all().stream().allMatch(row -> known.isKnown(row.key()))) {
            parts.all().forEach(row -> metrics.written(row.component(), false));
            return insertAndRead.apply(INSERT_RETURNING, parameters(record(planId, parts, input, result)));
        }
        return transaction.execute(status -> {
            CaptureRecord capture = record(planId(input.planName()), store(parts), input, result);
            return insertAndRead.apply(INSERT_RETURNING, parameters(capture));
        });
    }

    /** Every component's row, keyed; nothing is written yet. */
    private CaptureParts parts(CaptureInput input, CaptureResult result) {
        Map<String, String> hashes = result.hashes();
        return new CaptureParts(
                requests.prepareRequest(input),
                requests.prepareProfile(input.profile()),
                planArtifacts.prepare(result.component(Component.PLANS.apiName()), result.planBytes(), hashes),
                json(Component.PLANNING_ENV, result),
                json(Component.RULEPACK, result),
                explains.prepare(result.component(Component.EXPLAIN.apiName()), result.explain(), hashes),
                json(Component.STATISTICS, result),
                result.components().containsKey(Component.DELTA.apiName()) ? json(Component.DELTA, result) : null,
                schemas.prepare(result.component(Component.SCHEMA.apiName()), hashes),
                json(Component.UDFS, result),
                json(Component.AUDIT, result));
    }

    /** Inserts every row not known to be stored (within the caller's transaction). */
    private CaptureParts store(CaptureParts parts) {
        for (PendingRow row : parts.all()) metrics.written(row.component(), known.storeOnce(row.key(), row.insert()));
        return parts;
    }

    /** The capture row that references the parts, not yet inserted. */
    private CaptureRecord record(long planId, CaptureParts parts, CaptureInput input, CaptureResult result) {
        return new CaptureRecord(
                UUID.randomUUID(),
                AggregateReference.to(planId),
                input.environment(),
                // PostgreSQL keeps microseconds: truncate so the answer equals what is read back later.
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                CaptureResult.ARTIFACT_SCHEMA_VERSION,
                result.hash("plan_identity_hash"),
                parts.request().key(),
                parts.profile().key(),
                parts.plans().key(),
                parts.planningEnv().key(),
                parts.rulepack().key(),
                parts.explain().key(),
                parts.statistics().key(),
                parts.delta() == null ? null : parts.delta().key(),
                parts.schema().key(),
                parts.udfs().key(),
                parts.audit().key(),
                new JsonDocument(json.write(input.labels())));
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

    private PendingRow json(Component component, CaptureResult result) {
        return components.prepare(component, result.component(component.apiName()), result.hashes());
    }
}
