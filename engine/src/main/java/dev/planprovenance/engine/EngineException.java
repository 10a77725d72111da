package dev.planprovenance.engine;

/**
 * Base of every engine failure. Native code throws the subclasses by name (one mapping, by DataFusion error
 * variant, in the crate's {@code errors.rs}), so callers can catch what they can act on.
 */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }
}
