package dev.planprovenance.service.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Content-addressed writes per component: a dedup hit is a payload that was already stored (the write cost
 * nothing), a miss stored a new row. The ratio says how much a repeat capture saves.
 */
@Component
public class StoreMetrics {
    private final MeterRegistry registry;
    /** Counters by component, hits and misses apart, registered once rather than on every write. */
    private final Map<String, Counter> hits = new ConcurrentHashMap<>();
    private final Map<String, Counter> misses = new ConcurrentHashMap<>();

    public StoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void written(String component, boolean inserted) {
        (inserted ? misses : hits).computeIfAbsent(component, c -> counter(c, inserted)).increment();
    }

    private Counter counter(String component, boolean inserted) {
        return Counter.builder(inserted ? "provenance.store.dedup.misses" : "provenance.store.dedup.hits")
                .description(inserted ? "Component payloads stored as new rows"
                        : "Component payloads already stored under their content key")
                .tag("component", component)
                .register(registry);
    }
}
