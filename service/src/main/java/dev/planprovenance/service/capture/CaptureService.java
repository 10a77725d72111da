package dev.planprovenance.service.capture;

import dev.planprovenance.engine.CaptureOptions;
import dev.planprovenance.engine.CaptureResult;
import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.engine.ExternalComponent;
import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.CaptureRequest;
import dev.planprovenance.service.api.model.TableReference;
import dev.planprovenance.service.feed.DriftEventRecorder;
import dev.planprovenance.service.runtime.RuntimePools;
import dev.planprovenance.service.store.CanonicalJson;
import dev.planprovenance.service.store.CaptureInput;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * One capture: validate the request, borrow a session of the requested profile, register the tables, plan once,
 * give the runtime back, then store. The runtime is held only while the engine works, never during the database
 * write, so a slow database does not starve the pool. The answer is the stored capture read back the way
 * GET /v1/captures/{id} reads it ({@link CaptureReader}), by the statement that inserts the capture row
 * ({@link CaptureWriter}).
 */
@Service
public class CaptureService {
    private final RuntimePools pools;
    private final TableRegistrar tables;
    private final CaptureWriter writer;
    private final CanonicalJson json;
    private final CaptureMetrics metrics;
    private final DriftEventRecorder driftEvents;

    public CaptureService(RuntimePools pools, TableRegistrar tables, CaptureWriter writer, CanonicalJson json,
            CaptureMetrics metrics, DriftEventRecorder driftEvents) {
        this.pools = pools;
        this.tables = tables;
        this.writer = writer;
        this.json = json;
        this.metrics = metrics;
        this.driftEvents = driftEvents;
    }

    public Capture capture(CaptureRequest request) {
        Timer.Sample sample = metrics.start();
        try {
            Capture stored = captureAndStore(request);
            metrics.stop(sample, null);
            return stored;
        } catch (RuntimeException e) {
            metrics.stop(sample, e);
            throw e;
        }
    }

    private Capture captureAndStore(CaptureRequest request) {
        validate(request);
        long start = System.nanoTime();
        CaptureResult result;
        try (EngineSession session = pools.borrow(profile(request))) {
            result = plan(session, request, CaptureOptions.DEFAULTS);
        }
        long planned = System.nanoTime();
        metrics.phase("engine", planned - start);
        Capture stored = store(request, result);
        metrics.phase("store", System.nanoTime() - planned);
        return stored;
    }

    /** Refuses a request whose tables or profile are wrong before any runtime is borrowed. */
    public void validate(CaptureRequest request) {
        tables.validate(references(request));
        pools.pool(profile(request));
    }

    /**
     * The engine's part of a capture, on a session the caller borrowed (a repeat audit holds several runtimes at
     * once): register the tables, plan once.
     */
    public CaptureResult plan(EngineSession session, CaptureRequest request, CaptureOptions options) {
        List<ExternalComponent> external = tables.register(session, references(request));
        Map<String, String> config = request.getConfig() == null ? Map.of() : request.getConfig();
        return session.capture(request.getSql(), config, external, options);
    }

    /** Stores a planned capture, with no runtime held, and records its drift event. */
    public Capture store(CaptureRequest request, CaptureResult result) {
        Map<String, String> config = request.getConfig() == null ? Map.of() : request.getConfig();
        Map<String, String> labels = request.getLabels() == null ? Map.of() : request.getLabels();
        String environment = request.getEnvironment() == null ? "default" : request.getEnvironment();
        CaptureInput input = new CaptureInput(request.getPlanName(), environment, request.getSql(),
                json.write(references(request)), config, labels, pools.pool(profile(request)).profile());
        Capture stored = writer.write(input, result);
        // Here, after the write committed, not inside it: the drift feed's event is computed from the stored capture
        // (its drift report reads both captures back), and a failure to compute it must not lose the capture; it
        // never throws. A repeat capture pays one primary-key lookup for it.
        driftEvents.afterCapture(stored);
        return stored;
    }

    public static String profile(CaptureRequest request) {
        return request.getProfile() == null ? "default" : request.getProfile();
    }

    private static List<TableReference> references(CaptureRequest request) {
        return request.getTables() == null ? List.of() : request.getTables();
    }
}
