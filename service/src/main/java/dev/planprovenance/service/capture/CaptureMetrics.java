package dev.planprovenance.service.capture;

import dev.planprovenance.engine.EngineException;
import dev.planprovenance.service.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Capture latency by outcome ({@code captured}, or the problem type of the failure), as the timer
 * {@code provenance.capture.latency}; histogram buckets come from configuration.
 */
@Component
public class CaptureMetrics {
    private final MeterRegistry registry;

    public CaptureMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public Timer.Sample start() {
        return Timer.start(registry);
    }

    public void stop(Timer.Sample sample, Throwable failure) {
        sample.stop(Timer.builder("provenance.capture.latency")
                .description("Time from request to stored capture")
                .tag("outcome", outcome(failure))
                .register(registry));
    }

    /**
     * Time of one phase of a successful capture: {@code engine} (session, tables, planning) or {@code store} (write,
     * and the read-back of the answer, which the statement inserting the capture row does).
     */
    public void phase(String phase, long nanos) {
        Timer.builder("provenance.capture.phase")
                .description("Time spent in one phase of a capture")
                .tag("phase", phase)
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static String outcome(Throwable failure) {
        if (failure == null) return "captured";
        if (failure instanceof ProblemException p) return p.type().slug();
        if (failure instanceof EngineException e) return e.getClass().getSimpleName();
        return "internal";
    }
}
