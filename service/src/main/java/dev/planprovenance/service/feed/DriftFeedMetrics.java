package dev.planprovenance.service.feed;

import dev.planprovenance.service.api.model.CauseSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Drift events recorded, as the counter {@code provenance.drift.events} (Prometheus:
 * {@code provenance_drift_events_total}) tagged {@code cause} with each input component the event's cause names, or
 * {@code none} when no input changed (the plan changed by itself: nondeterminism, which alerts should page on). An
 * event naming two inputs counts once under each. Failed drift computations (the capture is kept, the event is not
 * recorded) count as {@code provenance.drift.event.failures}.
 */
@Component
public class DriftFeedMetrics {
    static final String EVENTS = "provenance.drift.events";
    static final String FAILURES = "provenance.drift.event.failures";

    private final MeterRegistry registry;
    /** Registered once per tag, as CaptureMetrics does: looking the meter id up on every event costs more. */
    private final Map<String, Counter> byCause = new ConcurrentHashMap<>();
    private final Counter failures;

    public DriftFeedMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.failures = Counter.builder(FAILURES)
                .description("Captures whose drift event could not be computed (the capture itself is stored)")
                .register(registry);
    }

    void recorded(CauseSummary cause) {
        List<String> inputs = DriftEventStore.inputs(cause);
        if (inputs.isEmpty()) inputs = List.of("none");
        for (String input : inputs) {
            byCause.computeIfAbsent(input, tag -> Counter.builder(EVENTS)
                            .description("Plans whose identity changed from one capture to the next, by input that "
                                    + "changed")
                            .tag("cause", tag)
                            .register(registry))
                    .increment();
        }
    }

    void failed() {
        failures.increment();
    }
}
