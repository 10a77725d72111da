package dev.planprovenance.service.delta;

/**
 * A Delta table reference that cannot be served, for a reason other than its protocol (which the gate
 * reports): the caller maps {@link Kind} to a client error.
 */
public class DeltaTableException extends RuntimeException {

    public enum Kind {
        /** No Delta log at the location. */
        NOT_FOUND,
        /** The requested version does not exist (or is no longer reconstructable). */
        NO_SUCH_VERSION,
        /** The requested timestamp is before the first or after the last commit. */
        TIMESTAMP_OUT_OF_RANGE,
        /** The log could not be read (corrupt, missing files, I/O failure). */
        UNREADABLE
    }

    private final Kind kind;

    public DeltaTableException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
