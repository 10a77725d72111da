package dev.planprovenance.engine;

/** DataFusion ran out of a bounded resource (memory pool), the ResourcesExhausted variant. */
public class ResourcesExhaustedException extends EngineException {
    public ResourcesExhaustedException(String message) {
        super(message);
    }
}
