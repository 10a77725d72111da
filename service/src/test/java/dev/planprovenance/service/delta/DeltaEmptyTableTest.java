package dev.planprovenance.service.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A Delta table with no active files (just created: protocol and metadata only) is a legal, empty table: it
 * captures, its scan is exactly zero rows, and a later version that added files drifts with `delta` as the cause.
 * The table is written here: version 0 is the protocol and metadata of the `snapshot-data3` fixture, version 1 adds
 * that fixture's first two data files.
 */
class DeltaEmptyTableTest extends EndToEndTest {

    /** A table created at version 0 (no files) whose files come in version 1; returns its location. */
    private static String createdThenFilled() throws Exception {
        Path source = Path.of(DeltaFixtures.table("snapshot-data3"));
        Path table = DATA.resolve("delta-empty-" + UUID.randomUUID());
        Path log = Files.createDirectories(table.resolve("_delta_log"));
        List<String> first = Files.readAllLines(source.resolve("_delta_log/00000000000000000000.json"));
        List<String> created = first.stream().filter(l -> l.startsWith("{\"protocol\"") || l.startsWith("{\"metaData\"")).toList();
        List<String> adds = first.stream().filter(l -> l.startsWith("{\"add\"")).toList();
        assertThat(created).hasSize(2);
        assertThat(adds).isNotEmpty();
        Files.write(log.resolve("00000000000000000000.json"), created);
        Files.write(log.resolve("00000000000000000001.json"), adds);
        for (String add : adds) {
            String file = add.replaceAll(".*\"path\":\"([^\"]+)\".*", "$1");
            Files.copy(source.resolve(file), table.resolve(file));
        }
        return table.toString();
    }

    private static Map<String, Object> request(String plan, String sql, String location, Long version) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("name", "t");
        table.put("format", "delta");
        table.put("location", location);
        if (version != null) table.put("version", version);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan_name", plan);
        body.put("sql", sql);
        body.put("tables", List.of(table));
        return body;
    }

    private JsonNode captured(Map<String, Object> request) throws Exception {
        Http.Response created = http.post("/v1/captures", request);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body();
    }

    private JsonNode artifact(JsonNode capture, String component) throws Exception {
        Http.Response response = http.get("/v1/captures/" + capture.path("id").asString() + "/artifacts/" + component);
        assertThat(response.status()).as(component + ": " + response.body()).isEqualTo(200);
        return response.body().path("content");
    }

    @Test
    void aTableJustCreatedCapturesWithExactlyZeroRows() throws Exception {
        String location = createdThenFilled();
        JsonNode capture = captured(request("delta-empty-select", "SELECT col1, col2 FROM t", location, 0L));

        JsonNode scans = artifact(capture, "statistics").path("scans");
        assertThat(scans).as(scans.toString()).hasSize(1);
        JsonNode stats = scans.get(0).path("statistics");
        assertThat(stats.path("num_rows").path("precision").asString()).as(stats.toString()).isEqualToIgnoringCase("exact");
        assertThat(stats.path("num_rows").path("value").asLong()).isZero();
        assertThat(scans.get(0).path("operator").asString()).isEqualTo("EmptyExec");

        JsonNode described = artifact(capture, "delta").path("tables").path("t");
        assertThat(described.path("snapshot").path("version").asLong()).isZero();
        assertThat(described.path("scan_config").path("files").asLong()).isZero();

        // Determinism: the same empty table captures the same plan and snapshot again.
        JsonNode again = captured(request("delta-empty-select", "SELECT col1, col2 FROM t", location, 0L));
        assertThat(again.path("identity")).isEqualTo(capture.path("identity"));
    }

    @Test
    void countStarOverAnEmptyTablePlans() throws Exception {
        captured(request("delta-empty-count", "SELECT count(*) FROM t", createdThenFilled(), 0L));
    }

    @Test
    void versionZeroAgainstTheVersionWithFilesDriftsOnDelta() throws Exception {
        String location = createdThenFilled();
        String sql = "SELECT col2, count(*) FROM t WHERE col1 > 0 GROUP BY col2";
        JsonNode empty = captured(request("delta-empty-drift", sql, location, 0L));
        JsonNode filled = captured(request("delta-empty-drift", sql, location, 1L));
        assertThat(artifact(filled, "delta").path("tables").path("t").path("scan_config").path("files").asLong()).isEqualTo(2);

        Http.Response drift = http.get("/v1/plans/delta-empty-drift/drift?from=" + empty.path("id").asString()
                + "&to=" + filled.path("id").asString());
        assertThat(drift.status()).as(drift.body().toString()).isEqualTo(200);
        assertThat(drift.body().path("cause").toString()).as(drift.body().toString()).contains("delta");
    }
}
