package dev.planprovenance.service.store;

import dev.planprovenance.engine.CaptureResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * The content-addressed side of a capture: keys every row the capture references (request, runtime profile, each
 * component of the engine's result, the component set over them) and stores those not stored yet. Stored content is
 * never changed or deleted, so a key known to be committed needs no write: a repeat capture of an unchanged plan
 * finds every key known and writes nothing here.
 */
@Service
public class ContentStore {
    private final RequestStore requests;
    private final ComponentStore components;
    private final PlanArtifactStore planArtifacts;
    private final ExplainStore explains;
    private final SchemaStore schemas;
    private final ExternalComponentStore externals;
    private final ComponentSetStore sets;
    private final KnownContent known;
    private final StoreMetrics metrics;

    public ContentStore(RequestStore requests, ComponentStore components, PlanArtifactStore planArtifacts,
            ExplainStore explains, SchemaStore schemas, ExternalComponentStore externals, ComponentSetStore sets,
            KnownContent known, StoreMetrics metrics) {
        this.requests = requests;
        this.components = components;
        this.planArtifacts = planArtifacts;
        this.explains = explains;
        this.schemas = schemas;
        this.externals = externals;
        this.sets = sets;
        this.known = known;
        this.metrics = metrics;
    }

    /**
     * Every row of the capture, keyed; nothing is written yet. Each of the engine's components is required; every
     * other component of the result is external and must be named in the API's ComponentName.
     */
    public CaptureContent prepare(CaptureInput input, CaptureResult result) {
        List<PendingRow> rows = new ArrayList<>();
        for (Component component : Component.values()) rows.add(prepare(component, result));
        for (String name : new TreeSet<>(result.components().keySet())) {
            if (Component.named(name).isEmpty()) {
                throw new IllegalStateException("engine result has component '" + name + "', not named by the API");
            }
            Component.external(name).ifPresent(external ->
                    rows.add(externals.prepare(external, result.component(name), result.externalHashName(name), result.hashes())));
        }
        return new CaptureContent(requests.prepareRequest(input), requests.prepareProfile(input.profile()), rows,
                sets.prepare(rows));
    }

    /** True (and counted as dedup hits) when every row is known stored: the capture row then needs no transaction. */
    public boolean isStored(CaptureContent content) {
        List<PendingRow> rows = content.rows();
        if (!rows.stream().allMatch(row -> known.isKnown(row.key()))) return false;
        rows.forEach(row -> metrics.written(row.component(), false));
        return true;
    }

    /** Inserts every row not known stored; runs in the transaction that inserts the capture row. */
    public void store(CaptureContent content) {
        for (PendingRow row : content.rows()) {
            metrics.written(row.component(), known.storeOnce(row.key(), row.insert()));
        }
    }

    /** The specialised tables take their own rows; every other component of the engine is one JSON document. */
    private PendingRow prepare(Component component, CaptureResult result) {
        String document = result.component(component.apiName());
        Map<String, String> hashes = result.hashes();
        return switch (component) {
            case PLANS -> planArtifacts.prepare(document, result.planBytes(), hashes);
            case EXPLAIN -> explains.prepare(document, result.explain(), hashes);
            case SCHEMA -> schemas.prepare(document, hashes);
            default -> components.prepare(component, document, hashes);
        };
    }
}
