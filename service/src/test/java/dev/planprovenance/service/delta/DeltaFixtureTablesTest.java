package dev.planprovenance.service.delta;

import static dev.planprovenance.service.delta.GateOutcome.Status.COMPATIBLE;
import static dev.planprovenance.service.delta.GateOutcome.Status.DOWNGRADED;
import static dev.planprovenance.service.delta.GateOutcome.Status.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.delta.GateOutcome.Status;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every table of the shared fixtures, read by the real Kernel: version, protocol, files, and both gate policies. */
class DeltaFixtureTablesTest {

    /** version -1: Kernel does not load the snapshot. */
    record Expected(String table, long version, int reader, int writer, List<String> readerFeatures, int files,
                    int filesWithDv, Status strict, Status downgrade) {
        @Override
        public String toString() {
            return table;
        }
    }

    static final List<String> NONE = List.of();
    static final List<String> CM = List.of("columnMapping");
    static final List<String> DV = List.of("deletionVectors");
    static final List<String> CM_DV = List.of("columnMapping", "deletionVectors");

    static Stream<Expected> tables() {
        return Stream.of(
                new Expected("data-reader-primitives", 0, 1, 2, NONE, 2, 0, COMPATIBLE, COMPATIBLE),
                new Expected("basic-decimal-table", 0, 1, 2, NONE, 4, 0, COMPATIBLE, COMPATIBLE),
                new Expected("data-reader-partition-values", 0, 1, 2, NONE, 3, 0, COMPATIBLE, COMPATIBLE),
                new Expected("checkpoint", 14, 1, 2, NONE, 1, 0, COMPATIBLE, COMPATIBLE),
                new Expected("basic-with-inserts-deletes-checkpoint", 13, 1, 2, NONE, 7, 0, COMPATIBLE, COMPATIBLE),
                new Expected("snapshot-data3", 3, 1, 2, NONE, 4, 0, COMPATIBLE, COMPATIBLE),
                new Expected("time-travel-start-start20-start40", 2, 1, 2, NONE, 6, 0, COMPATIBLE, COMPATIBLE),
                new Expected("time-travel-schema-changes-b", 1, 1, 2, NONE, 4, 0, COMPATIBLE, COMPATIBLE),
                new Expected("time-travel-partition-changes-b", 1, 1, 2, NONE, 4, 0, COMPATIBLE, COMPATIBLE),
                new Expected("table-with-columnmapping-mode-name", 0, 2, 5, CM, 2, 0, COMPATIBLE, COMPATIBLE),
                new Expected("table-with-columnmapping-mode-id", 0, 2, 5, CM, 2, 0, REFUSED, DOWNGRADED),
                new Expected("data-reader-timestamp_ntz", 1, 3, 7, List.of("timestampNtz"), 4, 0, COMPATIBLE,
                        COMPATIBLE),
                new Expected("basic-dv-no-checkpoint", 1, 3, 7, DV, 2, 1, REFUSED, DOWNGRADED),
                new Expected("dv-partitioned-with-checkpoint", 15, 3, 7, DV, 15, 2, REFUSED, DOWNGRADED),
                new Expected("dv-with-columnmapping", 15, 3, 7, CM_DV, 15, 2, REFUSED, DOWNGRADED),
                new Expected("table-with-dv-small", 1, 3, 7, CM_DV, 1, 1, REFUSED, DOWNGRADED),
                new Expected("v2-checkpoint-json", 2, 3, 7, List.of("v2Checkpoint"), 4, 0, COMPATIBLE, COMPATIBLE),
                new Expected("v2-checkpoint-parquet", 2, 3, 7, List.of("v2Checkpoint"), 4, 0, COMPATIBLE,
                        COMPATIBLE),
                new Expected("basic-with-vacuum-protocol-check-feature", 1, 3, 7, List.of("vacuumProtocolCheck"), 2,
                        0, COMPATIBLE, COMPATIBLE),
                new Expected("catalog-owned-preview", -1, 3, 7, List.of("catalogManaged"), 0, 0, REFUSED, REFUSED),
                new Expected("deltalog-invalid-protocol-version", -1, 99, 7, NONE, 0, 0, REFUSED, REFUSED));
    }

    private static final DeltaTableResolver STRICT = new DeltaTableResolver(new DeltaSnapshotReader(), GatePolicy.STRICT);
    private static final DeltaTableResolver DOWNGRADE =
            new DeltaTableResolver(new DeltaSnapshotReader(), GatePolicy.DOWNGRADE);

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void readsGatesAndIdentifiesEachFixture(Expected expected) {
        DeltaResolution strict = STRICT.resolve(DeltaFixtures.table(expected.table()), TimeTravel.latest());
        DeltaResolution downgrade = DOWNGRADE.resolve(DeltaFixtures.table(expected.table()), TimeTravel.latest());

        DeltaProtocol protocol = strict.read().protocol();
        assertThat(protocol.minReaderVersion()).isEqualTo(expected.reader());
        assertThat(protocol.minWriterVersion()).isEqualTo(expected.writer());
        assertThat(protocol.effectiveReaderFeatures()).containsExactlyElementsOf(expected.readerFeatures());
        assertThat(strict.gate().status()).as("strict: %s", strict.gate().message()).isEqualTo(expected.strict());
        assertThat(downgrade.gate().status()).as("downgrade: %s", downgrade.gate().message())
                .isEqualTo(expected.downgrade());
        assertThat(strict.snapshotHash()).matches("[0-9a-f]{64}");

        if (expected.version() < 0) {
            assertThat(strict.read()).isInstanceOf(DeltaRead.Unsupported.class);
            assertThat(strict.snapshot()).isNull();
            return;
        }
        DeltaSnapshot snapshot = strict.snapshot();
        assertThat(snapshot.version()).isEqualTo(expected.version());
        assertThat(snapshot.fileCount()).isEqualTo(expected.files());
        assertThat(snapshot.deletionVectorFileCount()).isEqualTo(expected.filesWithDv());
        assertThat(snapshot.tableId()).isNotBlank();
        assertThat(snapshot.files()).allSatisfy(f -> {
            assertThat(f.relativePath()).doesNotStartWith("/").doesNotContain(DeltaFixtures.root().toString());
            assertThat(f.localPath()).startsWith(DeltaFixtures.root().toString());
            // "checkpoint" is a log-only golden table: its one add action names a file that was never written.
            if (!expected.table().equals("checkpoint")) {
                assertThat(java.nio.file.Path.of(f.localPath())).isRegularFile();
            }
        });
        assertThat(strict.scanConfig().fileCount()).isEqualTo(expected.files());
        assertThat(strict.scanConfig().byteCount()).isEqualTo(snapshot.byteCount()).isPositive();
        if (expected.strict() == COMPATIBLE) {
            assertThat(strict.gate().reasons()).isEmpty();
        }
    }

    @Test
    void legacyProtocolsImplyTheirWriterFeatures() {
        DeltaSnapshot plain = STRICT.resolve(DeltaFixtures.table("data-reader-primitives"), TimeTravel.latest())
                .snapshot();
        assertThat(plain.protocol().effectiveWriterFeatures()).containsExactly("appendOnly", "invariants");
        DeltaSnapshot mapped = STRICT.resolve(DeltaFixtures.table("table-with-columnmapping-mode-name"),
                TimeTravel.latest()).snapshot();
        assertThat(mapped.protocol().readerFeatures()).isEmpty();
        assertThat(mapped.protocol().effectiveWriterFeatures()).containsExactly("appendOnly", "changeDataFeed",
                "checkConstraints", "columnMapping", "generatedColumns", "invariants");
    }

    @Test
    void writerSevenListsItsFeaturesExplicitly() {
        DeltaSnapshot v2 = STRICT.resolve(DeltaFixtures.table("v2-checkpoint-parquet"), TimeTravel.latest())
                .snapshot();
        assertThat(v2.protocol().writerFeatures()).containsExactly("appendOnly", "invariants", "v2Checkpoint");
        assertThat(v2.protocol().effectiveWriterFeatures()).isEqualTo(v2.protocol().writerFeatures());
    }
}
