package dev.planprovenance.service.delta;

/**
 * Everything the service records about one Delta table reference of a capture.
 *
 * @param snapshot   null when Kernel refused the protocol (then only {@link DeltaRead#protocol()} is known)
 * @param scanConfig null when the snapshot was not loaded
 * @param canonicalJson the {@code delta} component: location-masked, file-time-free canonical JSON
 * @param snapshotHash  {@code delta_snapshot_hash}: SHA-256 (hex) of {@code canonicalJson}
 */
public record DeltaResolution(DeltaRead read, DeltaSnapshot snapshot, GateOutcome gate, ScanConfig scanConfig,
                              String canonicalJson, String snapshotHash) {

    public boolean refused() {
        return gate.refused();
    }
}
