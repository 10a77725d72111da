package dev.planprovenance.service.runtime;

import dev.planprovenance.engine.RuntimePool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** Pool size, runtimes in use, waits and replacements per profile, read from the pools when scraped. */
@Component
public class RuntimePoolMetrics implements MeterBinder {
    private final RuntimePools pools;

    public RuntimePoolMetrics(RuntimePools pools) {
        this.pools = pools;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        pools.all().forEach((profile, pool) -> {
            Gauge.builder("provenance.pool.size", pool, RuntimePool::size)
                    .description("Native runtimes in the pool").tag("profile", profile).register(registry);
            Gauge.builder("provenance.pool.in.use", pool, RuntimePool::inUse)
                    .description("Runtimes lent to captures right now").tag("profile", profile).register(registry);
            FunctionCounter.builder("provenance.pool.waits", pool, RuntimePool::waits)
                    .description("Borrows that found no idle runtime and had to wait")
                    .tag("profile", profile).register(registry);
            FunctionCounter.builder("provenance.pool.replaced", pool, RuntimePool::replaced)
                    .description("Broken runtimes discarded and rebuilt").tag("profile", profile).register(registry);
        });
    }
}
