package dev.planprovenance.service.delta;

/**
 * What the protocol gate does with a feature whose reading this provider only approximates.
 * Features it cannot honour at all (variant, catalog-managed, unknown, reader version above 3) are refused under
 * both policies; exact downgrades (e.g. deletion vectors enabled but none present) are allowed under both.
 */
public enum GatePolicy {
    /** Refuse whenever the Parquet scan could return different rows or values than Delta defines. */
    STRICT,
    /** Read anyway, recording why the result may differ (e.g. rows deleted by deletion vectors come back). */
    DOWNGRADE
}
