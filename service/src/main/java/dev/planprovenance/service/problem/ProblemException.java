package dev.planprovenance.service.problem;

/**
 * A failure the service itself detected and can explain to the client. The detail is shown verbatim, so it must
 * say what was wrong with the request and never carry internals.
 */
public class ProblemException extends RuntimeException {
    private final ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }
}
