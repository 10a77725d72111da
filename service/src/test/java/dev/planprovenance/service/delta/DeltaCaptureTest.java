package dev.planprovenance.service.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Captures over Delta tables through the whole service (real Kernel, real engine, real PostgreSQL): the shared
 * fixtures are copied under the data root first, since locations must lie under it.
 */
class DeltaCaptureTest extends EndToEndTest {

    private static final String PROBLEMS = "https://planprovenance.dev/problems/";

    /** A fresh copy of a fixture table under the data root. */
    private static String copy(String fixture) {
        Path target = DATA.resolve("delta-" + UUID.randomUUID()).resolve(fixture);
        return DeltaFixtures.copy(fixture, target).toString();
    }

    private static Map<String, Object> delta(String name, String location) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("name", name);
        table.put("format", "delta");
        table.put("location", location);
        return table;
    }

    private static Map<String, Object> request(String planName, String sql, List<Map<String, Object>> tables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan_name", planName);
        body.put("sql", sql);
        body.put("tables", tables);
        return body;
    }

    private JsonNode captured(Map<String, Object> request) throws Exception {
        Http.Response created = http.post("/v1/captures", request);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode identity = created.body().path("identity");
        assertThat(identity.path("plan_fingerprint").asString()).isNotBlank();
        assertThat(identity.path("delta_snapshot_hash").asString()).matches("[0-9a-f]{64}");
        return created.body();
    }

    private JsonNode artifact(JsonNode capture, String component) throws Exception {
        Http.Response response = http.get("/v1/captures/" + capture.path("id").asString() + "/artifacts/" + component);
        assertThat(response.status()).as(component + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private JsonNode deltaTable(JsonNode capture, String table) throws Exception {
        JsonNode described = artifact(capture, "delta").path("content").path("tables").path(table);
        assertThat(described.isMissingNode()).as("delta component of %s: %s", table, artifact(capture, "delta"))
                .isFalse();
        return described;
    }

    @Test
    void plainTable() throws Exception {
        JsonNode capture = captured(request("delta-plain",
                "SELECT as_string, count(*) FROM prim WHERE as_long > 1 GROUP BY as_string",
                List.of(delta("prim", copy("data-reader-primitives")))));
        JsonNode described = deltaTable(capture, "prim");
        assertThat(described.path("gate").path("outcome").asString()).isEqualTo("compatible");
        assertThat(described.path("location").asString()).isEqualTo(DeltaCanonicalJson.MASKED_LOCATION);
        assertThat(described.path("snapshot").path("version").asLong()).isZero();
        assertThat(described.path("scan_config").path("files").asLong()).isEqualTo(2);
        assertThat(described.path("scan_config").path("provider").asString()).isEqualTo(ScanConfig.PROVIDER);
    }

    /** basic-decimal-table's log carries stats for every file (primitives' does not). */
    @Test
    void deltaLogStatisticsReachThePlannerWithTheirProvenance() throws Exception {
        JsonNode capture = captured(request("delta-log-stats", "SELECT count(*) FROM d WHERE part > 0",
                List.of(delta("d", copy("basic-decimal-table")))));
        assertThat(deltaTable(capture, "d").path("scan_config").path("statistics_source").asString())
                .isEqualTo("delta_log");
        JsonNode scan = artifact(capture, "statistics").path("content").path("scans").get(0);
        assertThat(scan.path("provenance").asString()).isEqualTo("delta_log");
        assertThat(scan.at("/statistics/num_rows/precision").asString()).isEqualTo("inexact");
        assertThat(scan.at("/statistics/num_rows/value").asLong()).isEqualTo(4);
    }

    /** Needs the engine's file-set provider with partition values as columns. */
    @Test
    void partitionedTable() throws Exception {
        JsonNode capture = captured(request("delta-partitioned",
                "SELECT as_int, as_date, as_string, count(*) FROM part WHERE as_long >= 0 AND value IS NOT NULL "
                        + "GROUP BY as_int, as_date, as_string",
                List.of(delta("part", copy("data-reader-partition-values")))));
        JsonNode described = deltaTable(capture, "part");
        assertThat(described.path("snapshot").path("partition_columns").toString()).contains("as_int", "as_date");
        assertThat(described.path("scan_config").path("files").asLong()).isEqualTo(3);
        // Partition columns are columns of the table the plan reads.
        assertThat(artifact(capture, "explain").path("explain_rows").toString()).contains("as_int", "as_date");
    }

    /** Needs the engine's file-set provider (the internal table is registered with registerParquetFiles). */
    @Test
    void columnMappingByNameReadsLogicalNamesThroughAView() throws Exception {
        JsonNode capture = captured(request("delta-column-mapping",
                "SELECT \"StringType\", sum(\"LongType\") FROM cm WHERE \"IntegerType\" > 0 GROUP BY \"StringType\"",
                List.of(delta("cm", copy("table-with-columnmapping-mode-name")))));
        JsonNode described = deltaTable(capture, "cm");
        assertThat(described.path("scan_config").path("column_mapping").asString()).isEqualTo("name");
        assertThat(described.path("scan_config").path("physical_to_logical")
                .path("col-7f007ffd-c4e2-4d7e-84c2-af985d4e3feb").asString()).isEqualTo("StringType");
        // The view's DDL records the mapping: physical names are read, logical names come out.
        String explain = artifact(capture, "explain").path("explain_rows").toString();
        assertThat(explain).contains("col-7f007ffd-c4e2-4d7e-84c2-af985d4e3feb", "StringType");
        assertThat(artifact(capture, "schema").path("content").toString()).contains("__delta_cm",
                "col-7f007ffd-c4e2-4d7e-84c2-af985d4e3feb");
    }

    @Test
    void timeTravelByVersionChangesTheSnapshotHash() throws Exception {
        String location = copy("time-travel-start-start20-start40");
        String sql = "SELECT count(*) FROM tt WHERE id > 10";
        List<String> hashes = new ArrayList<>();
        List<Long> versions = List.of(0L, 1L, 2L);
        for (long version : versions) {
            Map<String, Object> table = delta("tt", location);
            table.put("version", version);
            JsonNode capture = captured(request("delta-time-travel", sql, List.of(table)));
            assertThat(deltaTable(capture, "tt").path("snapshot").path("version").asLong()).isEqualTo(version);
            hashes.add(capture.path("identity").path("delta_snapshot_hash").asString());
        }
        assertThat(hashes).doesNotHaveDuplicates();

        // Latest and "version 2" are the same snapshot, and hash the same.
        JsonNode latest = captured(request("delta-time-travel", sql, List.of(delta("tt", location))));
        assertThat(latest.path("identity").path("delta_snapshot_hash").asString()).isEqualTo(hashes.get(2));
    }

    /** A commit that changes no file: a new snapshot, the same file set, and — here — the same plan. */
    @Test
    void aMetadataOnlyCommitChangesTheSnapshotHashButNotThePlan() throws Exception {
        String location = copy("snapshot-data3");
        String sql = "SELECT count(*) FROM s";
        JsonNode before = captured(request("delta-metadata-only", sql, List.of(delta("s", location))));
        io.delta.kernel.engine.Engine engine =
                io.delta.kernel.defaults.engine.DefaultEngine.create(new org.apache.hadoop.conf.Configuration());
        io.delta.kernel.Table.forPath(engine, location)
                .createTransactionBuilder(engine, "plan-provenance-test", io.delta.kernel.Operation.MANUAL_UPDATE)
                .withTableProperties(engine, Map.of("owner.note", "no data change"))
                .build(engine).commit(engine, io.delta.kernel.utils.CloseableIterable.emptyIterable());
        JsonNode after = captured(request("delta-metadata-only", sql, List.of(delta("s", location))));

        assertThat(after.at("/identity/delta_snapshot_hash")).isNotEqualTo(before.at("/identity/delta_snapshot_hash"));
        assertThat(after.at("/identity/plan_fingerprint")).isEqualTo(before.at("/identity/plan_fingerprint"));
        // The capture says which: the snapshot moved on, its file set did not.
        JsonNode was = deltaTable(before, "s");
        JsonNode is = deltaTable(after, "s");
        assertThat(is.at("/snapshot/version").asLong()).isEqualTo(was.at("/snapshot/version").asLong() + 1);
        assertThat(is.at("/snapshot/file_set/hash")).isEqualTo(was.at("/snapshot/file_set/hash"));
    }

    @Test
    void twoDeltaTablesShareOneComponentKeyedByName() throws Exception {
        String location = copy("time-travel-start-start20-start40");
        Map<String, Object> old = delta("tt_old", location);
        old.put("version", 0);
        JsonNode capture = captured(request("delta-two-tables",
                "SELECT count(*) FROM tt_new n JOIN tt_old o ON n.id = o.id", List.of(delta("tt_new", location), old)));
        JsonNode tables = artifact(capture, "delta").path("content").path("tables");
        assertThat(List.copyOf(tables.propertyNames())).containsExactly("tt_new", "tt_old");
        assertThat(tables.path("tt_old").path("snapshot").path("version").asLong()).isZero();
        assertThat(tables.path("tt_new").path("snapshot").path("version").asLong()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"deltalog-invalid-protocol-version", "catalog-owned-preview"})
    void unsupportedProtocolIsA422NamingTheFeatures(String fixture) throws Exception {
        Map<String, Long> before = rowCounts();
        Http.Response refused = http.post("/v1/captures", request("delta-refused", "SELECT * FROM t",
                List.of(delta("t", copy(fixture)))));
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(422);
        assertThat(refused.body().path("type").asString()).isEqualTo(PROBLEMS + "delta-protocol-refused");
        String expected = fixture.equals("catalog-owned-preview") ? "catalogManaged" : "readerVersion=99";
        assertThat(refused.body().path("refused_features").toString()).contains(expected);
        assertThat(refused.body().path("detail").asString()).contains(expected);
        assertThat(growth(before, rowCounts())).isEmpty();
    }

    @Test
    void missingVersionIsA400() throws Exception {
        Map<String, Object> table = delta("tt", copy("time-travel-start-start20-start40"));
        table.put("version", 42);
        Http.Response response = http.post("/v1/captures", request("delta-no-version", "SELECT * FROM tt",
                List.of(table)));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().path("type").asString()).isEqualTo(PROBLEMS + "delta-version-not-found");
    }

    @Test
    void folderWithoutDeltaLogIsA400() throws Exception {
        Path empty = DATA.resolve("delta-" + UUID.randomUUID());
        java.nio.file.Files.createDirectories(empty);
        Http.Response response = http.post("/v1/captures", request("delta-no-table", "SELECT * FROM t",
                List.of(delta("t", empty.toString()))));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().path("type").asString()).isEqualTo(PROBLEMS + "delta-table-not-found");
    }

    @Test
    void locationOutsideTheDataRootsIsRefused() throws Exception {
        Http.Response response = http.post("/v1/captures", request("delta-outside", "SELECT * FROM t",
                List.of(delta("t", DeltaFixtures.table("data-reader-primitives")))));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().path("type").asString()).isEqualTo(PROBLEMS + "path-not-allowed");
    }
}
