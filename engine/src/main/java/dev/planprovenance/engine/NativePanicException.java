package dev.planprovenance.engine;

/** A Rust panic caught at the JNI boundary; the runtime it happened on is discarded. */
public class NativePanicException extends InternalEngineException {
    public NativePanicException(String message) {
        super(message);
    }
}
