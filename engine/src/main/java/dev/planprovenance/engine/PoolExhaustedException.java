package dev.planprovenance.engine;

import java.time.Duration;

/** No runtime could be borrowed within the timeout; the caller may retry later. */
public class PoolExhaustedException extends EngineException {
    private final Duration waited;

    public PoolExhaustedException(Duration waited) {
        super("no DataFusion runtime free within " + waited.toMillis() + " ms");
        this.waited = waited;
    }

    public Duration waited() {
        return waited;
    }
}
