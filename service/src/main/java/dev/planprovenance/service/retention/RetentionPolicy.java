package dev.planprovenance.service.retention;

/**
 * A capture is removed when it is neither among the {@code keepLast} newest of its plan and environment nor newer than
 * {@code keepDays} days, and nothing refers to it (see {@link ProtectedCaptures}).
 */
public record RetentionPolicy(int keepLast, int keepDays, int batchSize) {
    public RetentionPolicy {
        if (keepLast < 0 || keepDays < 0) throw new IllegalArgumentException("keep-last and keep-days must be >= 0");
        if (batchSize < 1) throw new IllegalArgumentException("batch-size must be >= 1");
    }
}
