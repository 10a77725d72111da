package dev.planprovenance.service.problem;

/**
 * A failure the service itself detected and can explain to the client. The detail is shown verbatim, so it must
 * say what was wrong with the request and never carry internals.
 */
public class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final java.util.Map<String, Object> properties;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, java.util.Map.of());
    }

    /** With extension members of the problem document (e.g. {@code refused_features}). */
    public ProblemException(ProblemType type, String detail, java.util.Map<String, Object> properties) {
        super(detail);
        this.type = type;
        this.properties = java.util.Map.copyOf(properties);
    }

    public ProblemType type() {
        return type;
    }

    public java.util.Map<String, Object> properties() {
        return properties;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }
}
