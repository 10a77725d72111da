package dev.planprovenance.service.capture;

import dev.planprovenance.engine.EngineException;
import dev.planprovenance.service.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Capture latency by outcome ({@code captured}, or the problem type of the failure), as the timer
 * {@code provenance.capture.latency}; histogram buckets come from configuration.
 */
@Component
public class CaptureMetrics {
    private final MeterRegistry registry;
    /** Meters by outcome and by phase, registered once: registering the meter id on every capture cost more than
     *  recording into it. */
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    private final Map<String, Timer> phases = new ConcurrentHashMap<>();

    public CaptureMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public Timer.Sample start() {
        return Timer.start(registry);
    }

    public void stop(Timer.Sample sample, Throwable failure) {
        sample.stop(latencies.computeIfAbsent(outcome(failure), outcome -> Timer.builder("provenance.capture.latency")
                .description("Time from request to stored capture")
                .tag("outcome", outcome)
                .register(registry)));
    }

    /**
     * Time of one phase of a successful capture: {@code engine} (session, tables, planning) or {@code store} (write,
     * and the read-back of the answer, which the statement inserting the capture row does).
     */
    public void phase(String phase, long nanos) {
        phases.computeIfAbsent(phase, name -> Timer.builder("provenance.capture.phase")
                        .description("Time spent in one phase of a capture")
                        .tag("phase", name)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String outcome(Throwable failure) {
        if (failure == null) return "captured";
        if (failure instanceof ProblemException p) return p.type().slug();
        if (failure instanceof EngineException e) return e.getClass().getSimpleName();
        return "internal";
    }
}
