package dev.planprovenance.service.problem;

import java.io.IOException;

/**
 * Thrown while the request body is read once it exceeds the limit. An IOException so that it travels through the
 * JSON reader; the advice finds it in the cause chain and answers 413.
 */
public class PayloadTooLargeException extends IOException {
    private final long limitBytes;

    public PayloadTooLargeException(long limitBytes) {
        super("request body exceeds " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
