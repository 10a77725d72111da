package dev.planprovenance.service.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every kind of failure a client can see. The {@code type} URIs are part of the HTTP contract: clients branch on
 * them, so a slug never changes meaning once published.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
    UNKNOWN_CONFIG_KEY("unknown-config-key", HttpStatus.BAD_REQUEST, "Unknown or invalid configuration key"),
    UNKNOWN_PROFILE("unknown-profile", HttpStatus.BAD_REQUEST, "Unknown runtime profile"),
    PATH_NOT_ALLOWED("path-not-allowed", HttpStatus.BAD_REQUEST, "Path outside the data roots"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    SQL_NOT_PLANNABLE("sql-not-plannable", HttpStatus.UNPROCESSABLE_CONTENT, "SQL does not plan"),
    STATEMENT_REFUSED("statement-refused", HttpStatus.UNPROCESSABLE_CONTENT, "Statement refused"),
    /** A plan beyond the runtime's node or depth limit (provenance.plan-limits), refused before it is optimized. */
    PLAN_TOO_LARGE("plan-too-large", HttpStatus.UNPROCESSABLE_CONTENT, "Plan too large"),
    /** A table the service cannot plan faithfully, e.g. a Delta protocol feature the reader cannot honour. */
    TABLE_REFUSED("table-refused", HttpStatus.UNPROCESSABLE_CONTENT, "Table refused"),
    /** A Delta table whose protocol (reader version or features) the reader cannot honour under the gate policy. */
    DELTA_PROTOCOL_REFUSED("delta-protocol-refused", HttpStatus.UNPROCESSABLE_CONTENT, "Delta protocol refused"),
    /** No Delta table (no {@code _delta_log}) at the location. */
    DELTA_TABLE_NOT_FOUND("delta-table-not-found", HttpStatus.BAD_REQUEST, "Delta table not found"),
    /** The requested version or timestamp names no snapshot of the table. */
    DELTA_VERSION_NOT_FOUND("delta-version-not-found", HttpStatus.BAD_REQUEST, "Delta version not found"),
    /** The Delta log could not be read (corrupt, incomplete). */
    DELTA_TABLE_UNREADABLE("delta-table-unreadable", HttpStatus.UNPROCESSABLE_CONTENT, "Delta log unreadable"),
    /** Planning needed more than the runtime profile allows; deterministic for the profile, so not retryable. */
    RESOURCES_EXHAUSTED("resources-exhausted", HttpStatus.UNPROCESSABLE_CONTENT, "Planning resources exhausted"),
    /** The engine could not read what planning needs (e.g. a file that is not Parquet). */
    EXECUTION_FAILED("execution-failed", HttpStatus.UNPROCESSABLE_CONTENT, "The engine could not read the input"),
    /** Two captures that cannot be compared: one belongs to another plan than the one asked for. */
    CAPTURE_PLAN_MISMATCH("capture-plan-mismatch", HttpStatus.UNPROCESSABLE_CONTENT, "Capture of another plan"),
    /** Nothing to compare: a plan with fewer than two captures, or environments with no plan in common. */
    NOTHING_TO_COMPARE("nothing-to-compare", HttpStatus.NOT_FOUND, "Nothing to compare"),
    /** A baseline must be a capture of its own plan and environment; this capture is of another one. */
    BASELINE_MISMATCH("baseline-mismatch", HttpStatus.UNPROCESSABLE_CONTENT, "Capture of another plan or environment"),
    POOL_EXHAUSTED("pool-exhausted", HttpStatus.SERVICE_UNAVAILABLE, "No planning runtime available"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private static final String BASE = "https://planprovenance.dev/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
