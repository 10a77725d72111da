package dev.planprovenance.service.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The canonical {@code delta} component, the refusals on the real fixtures, scan config and log statistics. */
class DeltaIdentityTest {

    private final DeltaTableResolver strict = new DeltaTableResolver(new DeltaSnapshotReader(), GatePolicy.STRICT);
    private final DeltaTableResolver downgrade =
            new DeltaTableResolver(new DeltaSnapshotReader(), GatePolicy.DOWNGRADE);

    private DeltaResolution latest(DeltaTableResolver resolver, String table) {
        return resolver.resolve(DeltaFixtures.table(table), TimeTravel.latest());
    }

    @Test
    void readerVersion99IsRefusedWithAClearMessageNotAnException() {
        DeltaResolution r = latest(downgrade, "deltalog-invalid-protocol-version");
        assertThat(r.refused()).isTrue();
        assertThat(r.gate().refusedFeatures()).containsExactly("readerVersion=99");
        assertThat(r.gate().message()).contains("requires Delta reader version 99", "reader versions 1 to 3");
        assertThat(r.canonicalJson()).doesNotContain(DeltaFixtures.root().toString());
    }

    @Test
    void aReaderFeatureKernelDoesNotKnowIsRefusedByName() {
        DeltaResolution r = latest(downgrade, "catalog-owned-preview");
        assertThat(r.refused()).isTrue();
        assertThat(r.gate().refusedFeatures()).containsExactly("catalogManaged");
        assertThat(r.gate().message()).contains("catalogManaged", "source of truth",
                "unsupported by this version of Delta Kernel");
        assertThat(r.canonicalJson()).doesNotContain(DeltaFixtures.root().toString());
    }

    @Test
    void theCanonicalJsonHasSortedKeysAndNoLocation() {
        DeltaResolution r = latest(strict, "dv-with-columnmapping");
        JsonNode tree = JsonMapper.builder().build().readTree(r.canonicalJson());
        assertSorted(tree);
        assertThat(tree.get("location").asString()).isEqualTo(DeltaCanonicalJson.MASKED_LOCATION);
        assertThat(r.canonicalJson()).doesNotContain(DeltaFixtures.root().toString()).doesNotContain("file:")
                .doesNotContain("\n");
        assertThat(r.snapshotHash()).isEqualTo(DeltaCanonicalJson.sha256(r.canonicalJson()));
        assertThat(tree.at("/snapshot/file_set/hash").asString()).isEqualTo(r.snapshot().fileSetHash());
        assertThat(tree.at("/gate/outcome").asString()).isEqualTo("refused");
        assertThat(tree.at("/snapshot/commit_timestamp_source").asString()).isEqualTo("file_modification_time");
        assertThat(tree.at("/snapshot/commit_timestamp").isNull()).isTrue();
    }

    @Test
    void columnMappingGivesLogicalPartitionValuesAndAPhysicalNameMap() {
        DeltaResolution r = latest(downgrade, "dv-with-columnmapping");
        assertThat(r.snapshot().partitionColumns()).containsExactly("part");
        assertThat(r.snapshot().files()).allSatisfy(f -> assertThat(f.partitionValues()).containsOnlyKeys("part"));
        assertThat(r.scanConfig().columnHandling()).isEqualTo("physical_to_logical_by_name");
        assertThat(r.scanConfig().physicalToLogical()).hasSize(r.snapshot().columns().size())
                .allSatisfy((physical, logical) -> assertThat(physical).startsWith("col-"));
        assertThat(r.scanConfig().partitionColumns()).containsEntry("part", "integer");
        assertThat(r.snapshot().columns()).allSatisfy(c -> assertThat(c.fieldId()).isNotNull());
    }

    @Test
    void deletionVectorsMakeLogCountsInexactAndAreListedPerFile() {
        DeltaResolution r = latest(downgrade, "basic-dv-no-checkpoint");
        assertThat(r.gate().status()).isEqualTo(GateOutcome.Status.DOWNGRADED);
        assertThat(r.scanConfig().deletionVectors()).isEqualTo("not_applied");
        DeltaLogStatistics stats = r.scanConfig().statistics();
        assertThat(stats.provenance()).isEqualTo("delta_log");
        assertThat(stats.countsExact()).isFalse();
        assertThat(stats.deletedRows()).isEqualTo(r.snapshot().deletedRowCount()).isPositive();
        DeltaFile withDv = r.snapshot().files().stream().filter(DeltaFile::hasDeletionVector).findFirst().orElseThrow();
        assertThat(withDv.deletionVector().storageType()).isEqualTo("u");
        assertThat(withDv.deletionVector().cardinality()).isPositive();
    }

    @Test
    void theOlderVersionWithoutDeletionVectorsIsAnExactDowngrade() {
        DeltaResolution v0 = strict.resolve(DeltaFixtures.table("basic-dv-no-checkpoint"), TimeTravel.atVersion(0));
        assertThat(v0.gate().status()).isEqualTo(GateOutcome.Status.DOWNGRADED);
        assertThat(v0.gate().reasons()).singleElement().asString().contains("no active file carries");
        assertThat(v0.scanConfig().deletionVectors()).isEqualTo("none_present");
    }

    @Test
    void logStatisticsAreSummedPerLogicalColumn() {
        DeltaResolution r = latest(strict, "basic-with-vacuum-protocol-check-feature");
        DeltaLogStatistics stats = r.scanConfig().statistics();
        assertThat(r.scanConfig().statisticsSource()).isEqualTo("delta_log");
        assertThat(stats.countsExact()).isTrue();
        assertThat(stats.numRecords()).isEqualTo(100);
        assertThat(stats.columns()).containsOnlyKeys("id", "str");
        assertThat(stats.columns().get("id").min().decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(stats.columns().get("id").nullCount()).isZero();

        DeltaResolution mapped = latest(strict, "table-with-columnmapping-mode-name");
        assertThat(mapped.scanConfig().statistics().columns()).doesNotContainKey("col-")
                .allSatisfy((name, col) -> assertThat(name).doesNotStartWith("col-"));
    }

    @Test
    void filesWithoutLogStatsLeaveStatisticsToTheParquetFooters() {
        DeltaResolution r = latest(strict, "snapshot-data3");
        assertThat(r.scanConfig().statisticsSource()).isEqualTo("parquet_footer");
        assertThat(r.scanConfig().statistics()).isNull();
    }

    @Test
    void partitionValuesKeepNullsAndStayOutOfDataStatistics() {
        DeltaResolution r = latest(strict, "data-reader-partition-values");
        assertThat(r.snapshot().partitionColumns()).hasSize(12);
        assertThat(r.scanConfig().partitionColumns()).containsEntry("as_big_decimal", "decimal(1,0)");
        assertThat(r.snapshot().files()).anySatisfy(f -> assertThat(f.partitionValues()).containsEntry("as_int", null));
    }

    private static void assertSorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
                names.add(it.next());
            }
            assertThat(names).isSorted();
            node.forEach(DeltaIdentityTest::assertSorted);
        } else if (node.isArray()) {
            node.forEach(DeltaIdentityTest::assertSorted);
        }
    }
}
