package dev.planprovenance.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;

/** Exact file sets whose files carry partition values (as a Delta snapshot's do), NULL partitions included. */
class FileSetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void partitionValuesBecomeTypedColumnsThatPlanAndRead() throws Exception {
        Path dir = Files.createDirectories(TpchFixture.ROOT.resolve("file-set-" + System.nanoTime()));
        List<DataFile> files = new ArrayList<>();
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("files"), 1);
                EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            for (int i = 0; i < 3; i++) {
                Path file = dir.resolve("part-" + i + ".parquet");
                session.writeParquet("SELECT CAST(value AS BIGINT) AS id FROM range(0, " + (10 * (i + 1)) + ")", file.toString());
                Map<String, String> values = new HashMap<>();
                values.put("region", i == 2 ? null : Integer.toString(i));
                files.add(new DataFile(file.toString(), Files.size(file), values));
            }
        }
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("files"), 1);
                EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            session.registerParquetFiles("events", files, List.of(new ColumnSpec("region", "INT", true)));
            String sql = "SELECT region, count(*) AS n FROM events GROUP BY region ORDER BY region NULLS LAST";
            CaptureResult capture = session.capture(sql, Map.of());
            var plans = JSON.readTree(capture.component("plans"));
            assertThat(plans.at("/roundtrip/optimized_logical_proto/status").asText()).isEqualTo("identical");
            assertThat(plans.at("/roundtrip/physical_proto/status").asText()).isEqualTo("identical");
            var table = JSON.readTree(capture.component("schema")).get("tables").get(0);
            assertThat(table.get("provider").asText()).isEqualTo("parquet_file_set");
            assertThat(table.get("describe").toString()).contains("\"region\"", "Int32", "\"id\"");

            try (RootAllocator allocator = new RootAllocator(); ArrowReader reader = session.query(sql, allocator)) {
                List<String> rows = new ArrayList<>();
                while (reader.loadNextBatch()) {
                    var root = reader.getVectorSchemaRoot();
                    IntVector region = (IntVector) root.getVector("region");
                    BigIntVector n = (BigIntVector) root.getVector("n");
                    for (int i = 0; i < root.getRowCount(); i++) {
                        rows.add((region.isNull(i) ? "null" : region.get(i)) + "=" + n.get(i));
                    }
                }
                assertThat(rows).containsExactly("0=10", "1=20", "null=30");
            }
        }
    }

    @Test
    void fileSetMetadataStatisticsReachThePlannerWithTheirProvenance() throws Exception {
        Path file = TpchFixture.FOLDERS.get("nation").resolve("part-0.parquet");
        var stats = new TableStatistics(25L, null, Map.of("n_nationkey", new ColumnStatistics(0L, "1", "25", null)));
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("files"), 1);
                EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            session.registerParquetFiles("n", List.of(new DataFile(file.toString(), Files.size(file), Map.of(), stats)),
                    List.of(), "delta_log");
            CaptureResult capture = session.capture("SELECT n_nationkey FROM n", Map.of());
            var scan = JSON.readTree(capture.component("statistics")).get("scans").get(0);
            assertThat(scan.get("provenance").asText()).isEqualTo("delta_log");
            assertThat(scan.at("/statistics/num_rows/value").asLong()).isEqualTo(25);
            assertThat(scan.at("/statistics/num_rows/precision").asText()).isEqualTo("inexact");
            assertThat(scan.at("/statistics/columns/0/max/value").asText()).isEqualTo("25");
        }
    }

    @Test
    void aValueForAnUndeclaredPartitionColumnIsRefused() throws Exception {
        Path file = TpchFixture.FOLDERS.get("region").resolve("part-0.parquet");
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("files"), 1);
                EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            var bad = new DataFile(file.toString(), Files.size(file), Map.of("zone", "1"));
            assertThatThrownBy(() -> session.registerParquetFiles("r", List.of(bad), List.of()))
                    .isInstanceOf(PlanningException.class).hasMessageContaining("zone");
        }
    }

    @Test
    void aSetWithNoFilesIsAnEmptyTableOfTheDeclaredColumnsWithExactlyZeroRows() throws Exception {
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("files"), 1);
                EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            session.registerParquetFiles("nothing", List.of(), List.of(new ColumnSpec("region", "INT", true)),
                    List.of(new ColumnSpec("id", "BIGINT", false), new ColumnSpec("name", "VARCHAR", true)), "delta_log");
            CaptureResult capture = session.capture("SELECT id, name, region FROM nothing", Map.of());
            var table = JSON.readTree(capture.component("schema")).get("tables").get(0);
            assertThat(table.get("provider").asText()).isEqualTo("parquet_file_set");
            assertThat(table.get("describe").toString()).contains("\"id\"", "\"name\"", "\"region\"", "Int32");
            var scan = JSON.readTree(capture.component("statistics")).get("scans").get(0);
            assertThat(scan.get("operator").asText()).isEqualTo("EmptyExec");
            assertThat(scan.at("/statistics/num_rows/value").asLong()).isZero();
            assertThat(scan.at("/statistics/num_rows/precision").asText()).isEqualTo("exact");
            assertThat(scan.at("/statistics/total_byte_size/precision").asText()).isEqualTo("exact");
            var plans = JSON.readTree(capture.component("plans"));
            assertThat(plans.at("/roundtrip/physical_proto/status").asText()).isEqualTo("identical");
            assertThat(session.capture("SELECT count(*) FROM nothing", Map.of()).component("plans")).isNotBlank();
            // Repeat captures are identical.
            assertThat(session.capture("SELECT id, name, region FROM nothing", Map.of()).component("statistics"))
                    .isEqualTo(capture.component("statistics"));
        }
    }

    @Test
    void aSetWithNoFilesAndNoColumnsIsRefused() throws Exception {
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("files"), 1);
                EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            assertThatThrownBy(() -> session.registerParquetFiles("nothing", List.of(), List.of()))
                    .isInstanceOf(PlanningException.class).hasMessageContaining("file columns");
        }
    }
}
