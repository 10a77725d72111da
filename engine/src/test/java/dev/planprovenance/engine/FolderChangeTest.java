package dev.planprovenance.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pool member's runtime outlives its sessions: nothing it keeps may hide a change to the data from the next capture
 * (DataFusion's runtime caches folder listings with no expiry unless told otherwise).
 */
class FolderChangeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFileAddedToAFolderIsSeenByTheNextCaptureOnTheSameRuntime() throws Exception {
        Path dir = Files.createDirectories(TpchFixture.ROOT.resolve("growing-" + System.nanoTime()));
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("growing"), 1)) {
            writePart(pool, dir.resolve("part-0.parquet"), 10);
            assertThat(capturedRows(pool, dir)).isEqualTo(10);

            writePart(pool, dir.resolve("part-1.parquet"), 32);
            assertThat(capturedRows(pool, dir)).isEqualTo(42);
        }
    }

    /** The runtime reuses a folder's table while its files are unchanged; a rewritten file brings its new schema. */
    @Test
    void aFileRewrittenWithAnotherSchemaIsSeenByTheNextCaptureOnTheSameRuntime() throws Exception {
        Path dir = Files.createDirectories(TpchFixture.ROOT.resolve("reshaped-" + System.nanoTime()));
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("reshaped"), 1)) {
            writePart(pool, dir.resolve("part-0.parquet"), 10);
            assertThat(capturedRows(pool, dir)).isEqualTo(10);
            assertThatThrownBy(() -> captureLabels(pool, dir)).isInstanceOf(PlanningException.class)
                    .hasMessageContaining("label");

            try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
                session.writeParquet("SELECT CAST(value AS BIGINT) AS id, CAST(value AS VARCHAR) AS label"
                        + " FROM range(0, 7)", dir.resolve("part-0.parquet").toString());
            }
            var scan = JSON.readTree(captureLabels(pool, dir).component("statistics")).get("scans").get(0);
            assertThat(scan.at("/statistics/num_rows/value").asLong()).isEqualTo(7);
        }
    }

    private static CaptureResult captureLabels(RuntimePool pool, Path dir) {
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            session.registerParquet("events", dir.toString());
            return session.capture("SELECT id, label FROM events", Map.of());
        }
    }

    private static void writePart(RuntimePool pool, Path file, int rows) {
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            session.writeParquet("SELECT CAST(value AS BIGINT) AS id FROM range(0, " + rows + ")", file.toString());
        }
    }

    /** The scan's row count as the capture's statistics record it (read from the files' footers). */
    private static long capturedRows(RuntimePool pool, Path dir) throws Exception {
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            session.registerParquet("events", dir.toString());
            CaptureResult capture = session.capture("SELECT id FROM events", Map.of());
            var scan = JSON.readTree(capture.component("statistics")).get("scans").get(0);
            return scan.at("/statistics/num_rows/value").asLong();
        }
    }
}
