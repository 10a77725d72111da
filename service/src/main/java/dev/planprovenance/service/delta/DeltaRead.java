package dev.planprovenance.service.delta;

/**
 * The outcome of reading a snapshot: either Kernel loaded it, or Kernel refused the protocol. The second is not
 * an error of the request: it is a fact about the table that the protocol gate turns into a clear refusal.
 */
public sealed interface DeltaRead permits DeltaRead.Loaded, DeltaRead.Unsupported {

    DeltaProtocol protocol();

    String location();

    record Loaded(DeltaSnapshot snapshot) implements DeltaRead {
        @Override
        public DeltaProtocol protocol() {
            return snapshot.protocol();
        }

        @Override
        public String location() {
            return snapshot.location();
        }
    }

    /**
     * @param protocol      read from the log by hand, since Kernel stops before it builds a snapshot
     * @param kernelMessage Kernel's own reason
     */
    record Unsupported(String location, TimeTravel request, DeltaProtocol protocol, String kernelMessage)
            implements DeltaRead {}
}
