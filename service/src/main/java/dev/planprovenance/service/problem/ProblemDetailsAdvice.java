package dev.planprovenance.service.problem;

import dev.planprovenance.engine.EngineException;
import dev.planprovenance.engine.PoolExhaustedException;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become RFC 9457 problem details. Client mistakes get a 4xx with a stable type and a
 * detail that says what to fix; anything unexpected is a 500 whose detail names only an error id (the stack trace
 * and any database message stay in the log under that id).
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private final long retryAfterSeconds;

    public ProblemDetailsAdvice(@Value("${provenance.pool.retry-after:1s}") java.time.Duration retryAfter) {
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> handleProblem(ProblemException e, NativeWebRequest request) {
        if (e.properties().isEmpty()) return problem(e.type(), e.getMessage(), request, null);
        ProblemDetail detail = detail(e.type(), e.getMessage(), request);
        e.properties().forEach(detail::setProperty);
        return respond(detail, new HttpHeaders());
    }

    /** Parameter constraints of the generated interfaces, checked by method validation (e.g. size=0). */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException e, NativeWebRequest request) {
        ProblemDetail detail = detail(ProblemType.INVALID_REQUEST,
                "The request does not satisfy the contract; see errors.", request);
        detail.setProperty("errors", FieldErrors.of(e));
        return respond(detail, new HttpHeaders());
    }

    @ExceptionHandler(PoolExhaustedException.class)
    ResponseEntity<Object> handlePoolExhausted(PoolExhaustedException e, NativeWebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return problem(ProblemType.POOL_EXHAUSTED,
                "Every planning runtime stayed busy for " + e.waited().toMillis() + " ms; retry later.", request, headers);
    }

    @ExceptionHandler(EngineException.class)
    ResponseEntity<Object> handleEngine(EngineException e, NativeWebRequest request) {
        ProblemType type = EngineProblems.typeOf(e);
        if (type == ProblemType.INTERNAL) return internal(e, request);
        return problem(type, e.getMessage(), request, null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, NativeWebRequest request) {
        return internal(e, request);
    }

    /** Spring MVC's own exceptions (bad JSON, validation, 404, 405, 415 ...) arrive here with their status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (PayloadTooLarge.in(e) != null) {
            return problem(ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds "
                    + PayloadTooLarge.in(e).limitBytes() + " bytes.", request, null);
        }
        if (status.is5xxServerError()) return internal(e, request);
        ProblemType type = switch (status.value()) {
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> ProblemType.INVALID_REQUEST;
        };
        HttpHeaders kept = new HttpHeaders();
        if (headers.getAllow() != null && !headers.getAllow().isEmpty()) kept.setAllow(headers.getAllow());
        ProblemDetail detail = detail(type, clientDetail(e, type), request);
        if (type == ProblemType.INVALID_REQUEST) {
            List<Map<String, String>> errors = FieldErrors.of(e);
            if (!errors.isEmpty()) detail.setProperty("errors", errors);
        }
        return respond(detail, kept);
    }

    private static String clientDetail(Exception e, ProblemType type) {
        if (e instanceof HttpMessageNotReadableException unreadable) return ReadableJsonError.describe(unreadable);
        if (e instanceof MethodArgumentNotValidException || e instanceof HandlerMethodValidationException) {
            return "The request does not satisfy the contract; see errors.";
        }
        if (e instanceof TypeMismatchException mismatch) {
            String name = mismatch.getPropertyName() == null ? "a parameter" : "'" + mismatch.getPropertyName() + "'";
            return "The value of " + name + " is not valid.";
        }
        return switch (type) {
            case NOT_FOUND -> "No such resource.";
            case METHOD_NOT_ALLOWED -> "This method is not supported here.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            case NOT_ACCEPTABLE -> "This resource is available as application/json only.";
            default -> e.getMessage();
        };
    }

    private ResponseEntity<Object> internal(Exception e, WebRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.error("Unhandled failure {} on {}", errorId, path(request), e);
        ProblemDetail detail = detail(ProblemType.INTERNAL,
                "An unexpected error occurred. Quote error id " + errorId + " when reporting it.", request);
        detail.setProperty("error_id", errorId);
        return respond(detail, new HttpHeaders());
    }

    private static ResponseEntity<Object> problem(
            ProblemType type, String message, WebRequest request, HttpHeaders headers) {
        if (log.isDebugEnabled()) log.debug("{} on {}: {}", type.slug(), path(request), message);
        return respond(detail(type, message, request), headers == null ? new HttpHeaders() : headers);
    }

    private static ProblemDetail detail(ProblemType type, String message, WebRequest request) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(type.status(), message);
        detail.setType(type.uri());
        detail.setTitle(type.title());
        String path = path(request);
        if (path != null) detail.setInstance(URI.create(path));
        return detail;
    }

    private static ResponseEntity<Object> respond(ProblemDetail detail, HttpHeaders headers) {
        return ResponseEntity.status(detail.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(detail);
    }

    private static String path(WebRequest request) {
        return request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : null;
    }
}
