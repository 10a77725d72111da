package dev.planprovenance.service.delta;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The protocol gate's recorded verdict.
 *
 * @param reasons         why the outcome is downgraded or refused (empty when compatible)
 * @param refusedFeatures the features (or {@code readerVersion=N}) that caused a refusal
 * @param features        every effective feature of the protocol with its decision, for the record
 */
public record GateOutcome(Status status, GatePolicy policy, List<String> reasons, SortedSet<String> refusedFeatures,
                          SortedMap<String, String> features) {

    public enum Status {
        COMPATIBLE, DOWNGRADED, REFUSED;

        /** The lower-case spelling the artifacts use. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public GateOutcome {
        reasons = List.copyOf(reasons);
        refusedFeatures = Collections.unmodifiableSortedSet(new TreeSet<>(refusedFeatures));
        features = Collections.unmodifiableSortedMap(new TreeMap<>(features));
    }

    public boolean refused() {
        return status == Status.REFUSED;
    }

    /** One sentence for a 422 problem detail or a log line. */
    public String message() {
        return switch (status) {
            case COMPATIBLE -> "Delta protocol compatible with the Parquet provider";
            case DOWNGRADED -> "Delta protocol read with a downgrade: " + String.join("; ", reasons);
            case REFUSED -> "Delta table refused (features " + String.join(", ", refusedFeatures) + "): "
                    + String.join("; ", reasons);
        };
    }
}
