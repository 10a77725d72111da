package dev.planprovenance.service.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.utils.CloseableIterable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time travel by version and by timestamp, and what changes the snapshot hash (and what must not). */
class DeltaTimeTravelTest {

    private static final Instant FIRST_COMMIT = Instant.parse("2024-03-01T10:00:00Z");
    private final DeltaTableResolver resolver = new DeltaTableResolver(new DeltaSnapshotReader(), GatePolicy.STRICT);

    private DeltaResolution at(String location, TimeTravel request) {
        return resolver.resolve(location, request);
    }

    @Test
    void everyVersionOfATableHasItsOwnSnapshotHash() {
        for (String table : new String[] {"time-travel-start-start20-start40", "snapshot-data3"}) {
            String location = DeltaFixtures.table(table);
            long latest = at(location, TimeTravel.latest()).snapshot().version();
            Set<String> hashes = LongStream.rangeClosed(0, latest)
                    .mapToObj(v -> at(location, TimeTravel.atVersion(v)).snapshotHash()).collect(Collectors.toSet());
            Set<String> fileSets = LongStream.rangeClosed(0, latest)
                    .mapToObj(v -> at(location, TimeTravel.atVersion(v)).snapshot().fileSetHash())
                    .collect(Collectors.toSet());
            assertThat(hashes).as(table).hasSize((int) latest + 1);
            assertThat(fileSets).as(table).hasSize((int) latest + 1);
        }
    }

    @Test
    void olderVersionsReadTheirOwnFiles() {
        String location = DeltaFixtures.table("time-travel-start-start20-start40");
        DeltaResolution v0 = at(location, TimeTravel.atVersion(0));
        DeltaResolution v1 = at(location, TimeTravel.atVersion(1));
        assertThat(v0.snapshot().version()).isZero();
        assertThat(v1.snapshot().version()).isEqualTo(1);
        assertThat(v0.snapshot().fileCount()).isLessThan(at(location, TimeTravel.latest()).snapshot().fileCount());
        assertThat(v0.snapshotHash()).isNotEqualTo(v1.snapshotHash());
    }

    @Test
    void theLatestVersionAndTheSameVersionByNumberHashAlike() {
        String location = DeltaFixtures.table("snapshot-data3");
        assertThat(at(location, TimeTravel.atVersion(3)).snapshotHash())
                .isEqualTo(at(location, TimeTravel.latest()).snapshotHash());
    }

    @Test
    void timestampsResolveToTheLastCommitAtOrBeforeThem(@TempDir Path dir) {
        Path copy = DeltaFixtures.copy("time-travel-start-start20-start40", dir.resolve("t"));
        DeltaFixtures.setCommitTimes(copy, FIRST_COMMIT, Duration.ofHours(1));
        String location = copy.toString();

        assertThat(at(location, TimeTravel.atTimestamp(FIRST_COMMIT)).snapshot().version()).isZero();
        assertThat(at(location, TimeTravel.atTimestamp(FIRST_COMMIT.plus(Duration.ofMinutes(90))))
                .snapshot().version()).isEqualTo(1);
        DeltaResolution v2 = at(location, TimeTravel.atTimestamp(FIRST_COMMIT.plus(Duration.ofHours(2))));
        assertThat(v2.snapshot().version()).isEqualTo(2);
        assertThat(v2.snapshot().commitTimestamp()).isEqualTo(FIRST_COMMIT.plus(Duration.ofHours(2)).toEpochMilli());
        assertThat(v2.snapshot().inCommitTimestamp()).isFalse();
        assertThat(at(location, TimeTravel.atTimestamp(FIRST_COMMIT.plus(Duration.ofMinutes(30)))).snapshotHash())
                .isEqualTo(at(location, TimeTravel.atVersion(0)).snapshotHash());

        assertThatThrownBy(() -> at(location, TimeTravel.atTimestamp(FIRST_COMMIT.minusSeconds(1))))
                .isInstanceOfSatisfying(DeltaTableException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeltaTableException.Kind.TIMESTAMP_OUT_OF_RANGE));
        assertThatThrownBy(() -> at(location, TimeTravel.atTimestamp(FIRST_COMMIT.plus(Duration.ofDays(1)))))
                .isInstanceOfSatisfying(DeltaTableException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeltaTableException.Kind.TIMESTAMP_OUT_OF_RANGE));
    }

    @Test
    void theSameTableUnderAnotherRootHashesTheSame(@TempDir Path dir) {
        Path copy = DeltaFixtures.copy("snapshot-data3", dir.resolve("elsewhere"));
        // A copy need not keep file times: those timestamps are recorded but kept out of the hash.
        DeltaFixtures.setCommitTimes(copy, FIRST_COMMIT, Duration.ofMinutes(5));
        for (long version = 0; version <= 3; version++) {
            DeltaResolution original = at(DeltaFixtures.table("snapshot-data3"), TimeTravel.atVersion(version));
            DeltaResolution copied = at(copy.toString(), TimeTravel.atVersion(version));
            assertThat(copied.snapshotHash()).isEqualTo(original.snapshotHash());
            assertThat(copied.canonicalJson()).isEqualTo(original.canonicalJson());
            assertThat(copied.snapshot().location()).isNotEqualTo(original.snapshot().location());
            assertThat(DeltaCanonicalJson.record(copied, "${root}/elsewhere"))
                    .contains("\"observed_commit_timestamp\":" + copied.snapshot().commitTimestamp())
                    .contains("${root}/elsewhere");
        }
    }

    @Test
    void aCommitThatChangesNoFileKeepsTheFileSetButNotTheSnapshotHash(@TempDir Path dir) throws Exception {
        Path copy = DeltaFixtures.copy("snapshot-data3", dir.resolve("t"));
        DeltaResolution before = at(copy.toString(), TimeTravel.latest());

        // A real metadata-only commit written by Kernel itself: a new table property, no data action.
        Engine engine = DefaultEngine.create(new Configuration());
        Table.forPath(engine, copy.toString())
                .createTransactionBuilder(engine, "plan-provenance-test", Operation.MANUAL_UPDATE)
                .withTableProperties(engine, Map.of("owner.note", "no data change"))
                .build(engine).commit(engine, CloseableIterable.emptyIterable());

        DeltaResolution after = at(copy.toString(), TimeTravel.latest());
        assertThat(after.snapshot().version()).isEqualTo(before.snapshot().version() + 1);
        assertThat(after.snapshot().fileSetHash()).isEqualTo(before.snapshot().fileSetHash());
        assertThat(after.snapshotHash()).isNotEqualTo(before.snapshotHash());
    }

    @Test
    void missingTablesAndVersionsAreRequestErrors(@TempDir Path dir) {
        assertThatThrownBy(() -> at(dir.toString(), TimeTravel.latest()))
                .isInstanceOfSatisfying(DeltaTableException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeltaTableException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> at(DeltaFixtures.table("snapshot-data3"), TimeTravel.atVersion(99)))
                .isInstanceOfSatisfying(DeltaTableException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeltaTableException.Kind.NO_SUCH_VERSION));
    }
}
