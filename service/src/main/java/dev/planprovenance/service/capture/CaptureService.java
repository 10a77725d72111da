package dev.planprovenance.service.capture;

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
        List<TableReference> references = request.getTables() == null ? List.of() : request.getTables();
        Map<String, String> config = request.getConfig() == null ? Map.of() : request.getConfig();
        Map<String, String> labels = request.getLabels() == null ? Map.of() : request.getLabels();
        String profileName = request.getProfile() == null ? "default" : request.getProfile();
        String environment = request.getEnvironment() == null ? "default" : request.getEnvironment();
        tables.validate(references);
        var pool = pools.pool(profileName);

        long start = System.nanoTime();
        CaptureResult result;
        try (EngineSession session = pools.borrow(profileName)) {
            List<ExternalComponent> external = tables.register(session, references);
            result = session.capture(request.getSql(), config, external);
        }
        long planned = System.nanoTime();
        metrics.phase("engine", planned - start);
        CaptureInput input = new CaptureInput(request.getPlanName(), environment, request.getSql(),
                json.write(references), config, labels, pool.profile());
        Capture stored = writer.write(input, result);
        metrics.phase("store", System.nanoTime() - planned);
        // Here, after the write committed, not inside it: the drift feed's event is computed from the stored capture
        // (its drift report reads both captures back), and a failure to compute it must not lose the capture; it
        // never throws. A repeat capture pays one primary-key lookup for it.
        driftEvents.afterCapture(stored);
        return stored;
    }
}
