package dev.planprovenance.engine;

/** A DataFusion internal error or an unsupported feature: a bug, not the caller's input. */
public class InternalEngineException extends EngineException {
    public InternalEngineException(String message) {
        super(message);
    }
}
