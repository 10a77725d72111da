package dev.planprovenance.engine;

/** A plan beyond the runtime's {@link PlanLimits}: the caller's query, refused before it is optimized. */
public class PlanTooLargeException extends EngineException {
    public PlanTooLargeException(String message) {
        super(message);
    }
}
