package dev.planprovenance.service.delta;

/**
 * Reads a snapshot, gates its protocol and derives the scan configuration and canonical identity: the one call
 * the capture flow makes per Delta table. Plain Java; {@link DeltaConfiguration} wires it for Spring.
 */
public final class DeltaTableResolver {

    private final DeltaSnapshotReader reader;
    private final ProtocolGate gate;

    public DeltaTableResolver(DeltaSnapshotReader reader, GatePolicy policy) {
        this.reader = reader;
        this.gate = new ProtocolGate(policy);
    }

    /**
     * A refused protocol is returned (check {@link DeltaResolution#refused()}), never thrown.
     *
     * @param location already validated against the data roots
     * @throws DeltaTableException no table, version or commit at the requested point
     */
    public DeltaResolution resolve(String location, TimeTravel request) {
        DeltaRead read = reader.read(location, request);
        GateOutcome outcome = gate.evaluate(read);
        DeltaSnapshot snapshot = read instanceof DeltaRead.Loaded loaded ? loaded.snapshot() : null;
        ScanConfig scanConfig = snapshot == null ? null : ScanConfig.of(snapshot);
        String json = DeltaCanonicalJson.canonical(read, outcome, scanConfig);
        return new DeltaResolution(read, snapshot, outcome, scanConfig, json, DeltaCanonicalJson.sha256(json));
    }
}
