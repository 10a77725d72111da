package dev.planprovenance.service.delta;

/**
 * A deletion-vector descriptor exactly as the log states it. {@code offset} is null for inline vectors.
 * Storage type {@code u} and {@code i} are relative to the table (location-independent); {@code p} is absolute.
 */
public record DeletionVector(String storageType, String pathOrInlineDv, Integer offset, int sizeInBytes,
                             long cardinality) {

    /** A stable text form for hashing: every field, in a fixed order. */
    public String descriptor() {
        return storageType + ":" + pathOrInlineDv + ":" + (offset == null ? "-" : offset) + ":" + sizeInBytes + ":"
                + cardinality;
    }
}
