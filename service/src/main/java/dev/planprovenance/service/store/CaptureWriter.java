package dev.planprovenance.service.store;

import dev.planprovenance.engine.CaptureResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores one capture in one transaction: every component under its content key (new rows only for content never
 * seen before), then the capture row that references them.
 */
@Service
public class CaptureWriter {
    private final PlanRepository plans;
    private final RequestStore requests;
    private final ComponentStore components;
    private final PlanArtifactStore planArtifacts;
    private final ExplainStore explains;
    private final SchemaStore schemas;
    private final JdbcAggregateTemplate aggregates;
    private final CanonicalJson json;
    private final KnownContent known;

    public CaptureWriter(PlanRepository plans, RequestStore requests, ComponentStore components,
            PlanArtifactStore planArtifacts, ExplainStore explains, SchemaStore schemas,
            JdbcAggregateTemplate aggregates, CanonicalJson json, KnownContent known) {
        this.plans = plans;
        this.requests = requests;
        this.components = components;
        this.planArtifacts = planArtifacts;
        this.explains = explains;
        this.schemas = schemas;
        this.aggregates = aggregates;
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
        return aggregates.insert(capture);
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
