package dev.planprovenance.service.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Retention on the real engine and PostgreSQL. The test's captures plan a query over a table only this test declares
 * (a random name), so which content rows only they refer to is known; they are aged by moving created_at back 100
 * days, so the policy (keep the newest 1, keep 30 days) reaches them and no capture of another test.
 */
class RetentionTest extends EndToEndTest {
    private static final List<String> TABLES = List.of("capture", "drift_event", "component_set",
            "component_set_member", "capture_request", "runtime_profile", "plan_artifact", "planning_env", "rulepack",
            "explain_document", "explain_row", "plan_statistics", "schema_diagnostics", "provider_ddl", "udf_catalog",
            "audit_bundle", "plan_tree", "external_component");
    private static final List<String> COMPONENTS = List.of("planning-env", "rulepack", "explain", "plans",
            "statistics", "schema", "udfs", "audit", "plan-tree");

    @Autowired RetentionService retention;
    @Autowired ProtectedCaptures protectedCaptures;
    @Autowired MeterRegistry meters;

    private final String table = "ret_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);

    @AfterEach
    void dropHold() {
        jdbc.sql("DROP TABLE IF EXISTS retention_test_hold").update();
    }

    @Test
    void removesExactlyTheOldUnprotectedCapturesAndWhatOnlyTheyReferredToAndASecondRunRemovesNothing()
            throws Exception {
        String plan = "retention-" + table;
        // In this order: held (protected), c2, c1, c5 (c5 repeats c2's request, so it shares all of c2's content).
        String held = capture(plan, 3);
        String c2 = capture(plan, 2);
        String c1 = capture(plan, 1);
        String c5 = capture(plan, 2);
        // Events held→c2, c2→c1, c1→c5; c5's drift_from link points at c1.
        assertThat(driftFrom(c5)).isEqualTo(c1);
        jdbc.sql("CREATE TABLE retention_test_hold (capture_id uuid NOT NULL REFERENCES capture (id))").update();
        jdbc.sql("INSERT INTO retention_test_hold VALUES (CAST(:id AS uuid))").param("id", held).update();
        jdbc.sql("UPDATE capture SET created_at = created_at - interval '100 days' WHERE id = ANY(:ids)")
                .param("ids", new UUID[] {UUID.fromString(held), UUID.fromString(c2), UUID.fromString(c1)}).update();

        // Every table that refers to captures protects them, found in the catalog, the derived links excepted.
        assertThat(protectedCaptures.references()).contains(
                new ProtectedCaptures.Reference("retention_test_hold", "capture_id"),
                new ProtectedCaptures.Reference("repeat_audit_capture", "capture_id"),
                new ProtectedCaptures.Reference("sensitivity_trial", "capture_id"),
                new ProtectedCaptures.Reference("sensitivity_sweep", "source_capture_id"))
                .noneMatch(r -> r.table().equals("drift_event") || r.column().equals("drift_from_capture_id"));

        // What only c1 refers to: its own statistics unless a kept capture has the same document.
        boolean statisticsShared = hash(c1, "statistics", "statistics_hash").equals(hash(c5, "statistics", "statistics_hash"))
                || hash(c1, "statistics", "statistics_hash").equals(hash(held, "statistics", "statistics_hash"));
        long c1ExplainRows = jdbc.sql("""
                SELECT count(*) FROM explain_row r
                JOIN component_set_member m ON m.content_key = r.explain_key AND m.component = 'explain'
                JOIN capture c ON c.component_set_key = m.set_key WHERE c.id = CAST(:id AS uuid)""")
                .param("id", c1).query(Long.class).single();
        double capturesCounted = counter("provenance.retention.rows", "capture");
        Map<String, Long> before = counts();

        Run run = Run.of(retention.run(new RetentionPolicy(1, 30, 1)));

        Map<String, Long> removed = removed(before, counts());
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("capture", 2L);          // c1, c2; c5 is the newest, held is protected
        expected.put("drift_event", 3L);      // every event that names c1 or c2
        expected.put("component_set", 1L);    // c1's; c2's is c5's too
        expected.put("component_set_member", (long) COMPONENTS.size());
        expected.put("capture_request", 1L);  // c1's request (v > 1)
        expected.put("plan_artifact", 1L);
        expected.put("explain_document", 1L);
        expected.put("explain_row", c1ExplainRows);
        if (!statisticsShared) expected.put("plan_statistics", 1L);
        expected.put("audit_bundle", 1L);
        expected.put("plan_tree", 1L);
        // planning-env, rulepack, udfs, runtime profile and schema are every capture's of this table: kept.
        assertThat(removed).isEqualTo(expected);
        assertThat(run.captures_removed()).isEqualTo(2);
        assertThat(run.batches()).isEqualTo(2); // batch size 1: each capture its own transaction
        assertThat(run.rows()).isEqualTo(expected);
        assertThat(run.bytes().keySet()).isEqualTo(expected.keySet());
        assertThat(run.bytes().values()).allMatch(b -> b > 0);
        assertThat(counter("provenance.retention.rows", "capture") - capturesCounted).isEqualTo(2.0);

        assertThat(http.get("/v1/captures/" + c1).status()).isEqualTo(404);
        assertThat(http.get("/v1/captures/" + c2).status()).isEqualTo(404);
        // The kept capture reads every component back, content it shared with c2 included; its link is gone.
        for (String id : List.of(c5, held)) {
            for (String component : COMPONENTS) {
                Http.Response artifact = http.get("/v1/captures/" + id + "/artifacts/" + component);
                assertThat(artifact.status()).as(id + " " + component).isEqualTo(200);
            }
        }
        assertThat(driftFrom(c5)).isNull();

        // Idempotent: nothing left to remove, through the admin endpoint with the configured policy too.
        Map<String, Long> settled = counts();
        assertThat(retention.run(new RetentionPolicy(1, 30, 1)).getCapturesRemoved()).isZero();
        Http.Response again = http.post("/v1/admin/retention/run", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("captures_removed").asLong()).isZero();
        assertThat(counts()).isEqualTo(settled);

        // A repeat capture of c1's request after its content went is stored whole again (nothing trusted as known).
        String again1 = capture(plan, 1);
        for (String component : COMPONENTS) {
            assertThat(http.get("/v1/captures/" + again1 + "/artifacts/" + component).status()).isEqualTo(200);
        }
    }

    @Test
    void aWriterThatStillTrustsContentAnotherInstanceRemovedStoresItAgain() throws Exception {
        String plan = "retention-elsewhere-" + table;
        String first = capture(plan, 7);
        // Another service instance's retention removed the capture and its component set (this process's memory of
        // stored content was not told): the next identical capture takes the one-statement path, is refused by the
        // capture row's FOREIGN KEY, and is then written whole.
        jdbc.sql("DELETE FROM drift_event WHERE from_capture_id = CAST(:id AS uuid) OR to_capture_id = CAST(:id AS uuid)")
                .param("id", first).update();
        byte[] set = jdbc.sql("DELETE FROM capture WHERE id = CAST(:id AS uuid) RETURNING component_set_key")
                .param("id", first).query(byte[].class).single();
        jdbc.sql("DELETE FROM component_set_member WHERE set_key = :set").param("set", set).update();
        jdbc.sql("DELETE FROM component_set WHERE set_key = :set").param("set", set).update();

        String second = capture(plan, 7);

        assertThat(jdbc.sql("SELECT count(*) FROM component_set WHERE set_key = :set").param("set", set)
                .query(Long.class).single()).isEqualTo(1);
        for (String component : COMPONENTS) {
            assertThat(http.get("/v1/captures/" + second + "/artifacts/" + component).status()).as(component)
                    .isEqualTo(200);
        }
    }

    @Test
    void contentAnotherInstanceRemovedIsWrittenAgainWhenTheRetentionEpochMoved() throws Exception {
        String plan = "retention-epoch-" + table;
        String first = capture(plan, 9, Map.of());
        byte[] plans = memberKey(first, "plans");
        // Another instance's retention removed the capture, its set and its plans row, and moved the epoch; this
        // process still remembers the plans row as stored.
        jdbc.sql("DELETE FROM drift_event WHERE from_capture_id = CAST(:id AS uuid) OR to_capture_id = CAST(:id AS uuid)")
                .param("id", first).update();
        byte[] set = jdbc.sql("DELETE FROM capture WHERE id = CAST(:id AS uuid) RETURNING component_set_key")
                .param("id", first).query(byte[].class).single();
        jdbc.sql("DELETE FROM component_set_member WHERE set_key = :set").param("set", set).update();
        jdbc.sql("DELETE FROM component_set WHERE set_key = :set").param("set", set).update();
        assertThat(jdbc.sql("DELETE FROM plan_artifact WHERE content_key = :key AND NOT EXISTS"
                + " (SELECT 1 FROM component_set_member m WHERE m.content_key = :key)").param("key", plans).update())
                .isEqualTo(1);
        jdbc.sql("UPDATE retention_epoch SET epoch = epoch + 1").update();

        // planning_concurrency changes the planning env (a new set, the full write path) but not the plans.
        String second = capture(plan, 9, Map.of("datafusion.execution.planning_concurrency", "3"));

        assertThat(memberKey(second, "plans")).isEqualTo(plans);
        assertThat(http.get("/v1/captures/" + second + "/artifacts/plans").status()).isEqualTo(200);
    }

    private byte[] memberKey(String capture, String component) {
        return jdbc.sql("""
                SELECT m.content_key FROM capture c JOIN component_set_member m ON m.set_key = c.component_set_key
                WHERE c.id = CAST(:id AS uuid) AND m.component = :component""")
                .param("id", capture).param("component", component).query(byte[].class).single();
    }

    /** A capture of the test's table filtered by {@code v > bound}. */
    private String capture(String plan, int bound) throws Exception {
        return capture(plan, bound, Map.of());
    }

    private String capture(String plan, int bound, Map<String, String> config) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("config", config);
        body.put("plan_name", plan);
        body.put("environment", "retention");
        body.put("sql", "SELECT k, sum(v) AS total FROM " + table + " WHERE v > " + bound + " GROUP BY k");
        body.put("tables", List.of(Map.of("name", table,
                "schema", List.of(Map.of("name", "k", "type", "BIGINT", "nullable", false),
                        Map.of("name", "v", "type", "BIGINT", "nullable", true)),
                "statistics", Map.of("num_rows", 1000, "total_byte_size", 16000, "columns", Map.of()))));
        Http.Response created = http.post("/v1/captures", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().path("id").asString();
    }

    private String hash(String capture, String component, String hash) throws Exception {
        return http.get("/v1/captures/" + capture + "/artifacts/" + component).body().path("hashes").path(hash)
                .asString();
    }

    private String driftFrom(String capture) {
        return jdbc.sql("SELECT drift_from_capture_id::text FROM capture WHERE id = CAST(:id AS uuid)")
                .param("id", capture).query(String.class).optional().orElse(null);
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String t : TABLES) counts.put(t, jdbc.sql("SELECT count(*) FROM " + t).query(Long.class).single());
        return counts;
    }

    private static Map<String, Long> removed(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> removed = new LinkedHashMap<>();
        before.forEach((t, n) -> {
            if (n - after.get(t) != 0) removed.put(t, n - after.get(t));
        });
        return removed;
    }

    private double counter(String name, String table) {
        var counter = meters.find(name).tag("table", table).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The run's answer, its tables as maps. */
    private record Run(long captures_removed, int batches, Map<String, Long> rows, Map<String, Long> bytes) {
        static Run of(dev.planprovenance.service.api.model.RetentionRun run) {
            Map<String, Long> rows = new LinkedHashMap<>();
            Map<String, Long> bytes = new LinkedHashMap<>();
            run.getTables().forEach(t -> {
                rows.put(t.getTable(), t.getRows());
                bytes.put(t.getTable(), t.getBytes());
            });
            return new Run(run.getCapturesRemoved(), run.getBatches(), rows, bytes);
        }
    }
}
