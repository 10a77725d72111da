package dev.planprovenance.engine;

/** A failure while executing (reading files, IO, Arrow, Parquet, Execution variants). */
public class EngineExecutionException extends EngineException {
    public EngineExecutionException(String message) {
        super(message);
    }
}
