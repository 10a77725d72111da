package dev.planprovenance.service.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Content-addressed writes per component: a dedup hit is a payload that was already stored (the write cost
 * nothing), a miss stored a new row. The ratio says how much a repeat capture saves.
 */
@Component
public class StoreMetrics {
    private final MeterRegistry registry;

    public StoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void written(String component, boolean inserted) {
        Counter.builder(inserted ? "provenance.store.dedup.misses" : "provenance.store.dedup.hits")
                .description(inserted ? "Component payloads stored as new rows"
                        : "Component payloads already stored under their content key")
                .tag("component", component)
                .register(registry)
                .increment();
    }
}
