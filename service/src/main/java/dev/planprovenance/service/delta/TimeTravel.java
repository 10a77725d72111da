package dev.planprovenance.service.delta;

import java.time.Instant;

/** Which snapshot to read: the latest, one version, or the last commit at or before a timestamp. */
public record TimeTravel(Long version, Instant timestamp) {

    public TimeTravel {
        if (version != null && timestamp != null) {
            throw new IllegalArgumentException("time travel takes a version or a timestamp, not both");
        }
        if (version != null && version < 0) {
            throw new IllegalArgumentException("a Delta version is never negative: " + version);
        }
    }

    public static TimeTravel latest() {
        return new TimeTravel(null, null);
    }

    public static TimeTravel atVersion(long version) {
        return new TimeTravel(version, null);
    }

    public static TimeTravel atTimestamp(Instant timestamp) {
        return new TimeTravel(null, timestamp);
    }

    public boolean isLatest() {
        return version == null && timestamp == null;
    }

    @Override
    public String toString() {
        return version != null ? "version " + version : timestamp != null ? "timestamp " + timestamp : "latest";
    }
}
