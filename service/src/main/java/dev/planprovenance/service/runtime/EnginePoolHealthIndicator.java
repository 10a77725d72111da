package dev.planprovenance.service.runtime;

import dev.planprovenance.engine.RuntimePool;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Health of the planning runtimes (shown as {@code enginePool}): up while every profile's pool is open, with how
 * many runtimes each has, how many are lent out, and how often a capture had to wait.
 */
@Component("enginePool")
public class EnginePoolHealthIndicator extends AbstractHealthIndicator {
    private final RuntimePools pools;

    public EnginePoolHealthIndicator(RuntimePools pools) {
        super("Engine pool health check failed");
        this.pools = pools;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> profiles = new LinkedHashMap<>();
        pools.all().forEach((name, pool) -> profiles.put(name, details(pool)));
        builder.up().withDetail("profiles", profiles);
    }

    private static Map<String, Object> details(RuntimePool pool) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("size", pool.size());
        d.put("in_use", pool.inUse());
        d.put("waits", pool.waits());
        d.put("replaced", pool.replaced());
        return d;
    }
}
