package dev.planprovenance.engine;

/** A table location outside the configured data roots (after resolving symlinks), or one using '..'. */
public class PathNotAllowedException extends EngineException {
    public PathNotAllowedException(String message) {
        super(message);
    }
}
