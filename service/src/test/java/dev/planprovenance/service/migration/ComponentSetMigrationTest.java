package dev.planprovenance.service.migration;

import static dev.planprovenance.service.migration.MigrationSql.flyway;
import static dev.planprovenance.service.migration.MigrationSql.rows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.store.ComponentSetStore;
import dev.planprovenance.service.store.ContentKey;
import dev.planprovenance.service.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * V7 on a real PostgreSQL: captures stored at V6 with every combination the old key columns allowed (every component
 * including delta, no delta, only V1's plan artifact, components shared between captures) come back after V7 with
 * exactly the same (capture, component, content key) triples through their component sets, captures with the same
 * components share one set, and the Delta snapshots are the same rows of external_component.
 */
class ComponentSetMigrationTest {
    /** The V6 key column of each component, as V7 reads them. */
    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("planning-env", "planning_env_key");
        COLUMNS.put("rulepack", "rulepack_key");
        COLUMNS.put("explain", "explain_key");
        COLUMNS.put("plans", "plan_artifact_key");
        COLUMNS.put("statistics", "statistics_key");
        COLUMNS.put("schema", "schema_key");
        COLUMNS.put("udfs", "udf_catalog_key");
        COLUMNS.put("audit", "audit_key");
        COLUMNS.put("delta", "delta_snapshot_key");
    }

    private static final String ALL_WITH_DELTA = "11111111-1111-1111-1111-111111111111";
    private static final String SAME_AS_FIRST = "22222222-2222-2222-2222-222222222222";
    private static final String WITHOUT_DELTA = "33333333-3333-3333-3333-333333333333";
    private static final String OTHER_ENV = "44444444-4444-4444-4444-444444444444";
    private static final String OTHER_SNAPSHOT = "55555555-5555-5555-5555-555555555555";
    private static final String PLAN_ONLY = "66666666-6666-6666-6666-666666666666";
    private static final String SAME_WITHOUT_DELTA = "77777777-7777-7777-7777-777777777777";

    @Test
    void everyCapturesComponentsMoveIntoSharedComponentSets() throws SQLException {
        TestDatabase.Connection db = TestDatabase.fresh();
        flyway(db, "6").migrate();
        List<String> before;
        List<String> snapshotsBefore;
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            storeV6Content(s);
            capture(s, ALL_WITH_DELTA, "env-1", "delta-1");
            capture(s, SAME_AS_FIRST, "env-1", "delta-1");
            capture(s, WITHOUT_DELTA, "env-1", null);
            capture(s, SAME_WITHOUT_DELTA, "env-1", null);
            capture(s, OTHER_ENV, "env-2", null);
            capture(s, OTHER_SNAPSHOT, "env-1", "delta-2");
            s.execute("INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version,"
                    + " plan_identity_hash, request_key, plan_artifact_key) SELECT '" + PLAN_ONLY + "', id, 'dev',"
                    + " now(), 1, 'identity', sha256('request'), sha256('plans') FROM plan");
            before = triplesBefore(s);
            snapshotsBefore = rows(s, "SELECT encode(content_key, 'hex'), delta_snapshot_hash, payload::text"
                    + " FROM delta_snapshot ORDER BY 1");
        }
        assertThat(before).hasSize(2 * 9 + 2 * 8 + 8 + 9 + 1);

        assertThat(flyway(db, "7").migrate().migrationsExecuted).isEqualTo(1);

        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT c.id, m.component, encode(m.content_key, 'hex') FROM capture c"
                    + " JOIN component_set_member m ON m.set_key = c.component_set_key"))
                    .containsExactlyInAnyOrderElementsOf(before);
            assertThat(setKey(s, SAME_AS_FIRST)).isEqualTo(setKey(s, ALL_WITH_DELTA));
            assertThat(setKey(s, SAME_WITHOUT_DELTA)).isEqualTo(setKey(s, WITHOUT_DELTA));
            assertThat(rows(s, "SELECT count(*) FROM component_set")).containsExactly("5");
            assertThat(rows(s, "SELECT count(*) FROM component_set_member")).containsExactly(
                    Integer.toString(9 + 8 + 8 + 9 + 1));
            // The key the service computes for the same members, so later captures find these sets.
            for (String id : List.of(ALL_WITH_DELTA, WITHOUT_DELTA, OTHER_ENV, OTHER_SNAPSHOT, PLAN_ONLY)) {
                assertThat(setKey(s, id)).as(id).isEqualTo(ComponentSetStore.key(members(s, id)).hex());
            }
            assertThat(rows(s, "SELECT encode(content_key, 'hex'), hash, payload::text FROM external_component"
                    + " WHERE component = 'delta' AND hash_name = 'delta_snapshot_hash' ORDER BY 1"))
                    .containsExactlyElementsOf(snapshotsBefore);
            assertThat(rows(s, "SELECT column_name FROM information_schema.columns WHERE table_name = 'capture'"
                    + " AND column_name LIKE '%key' ORDER BY 1"))
                    .containsExactly("component_set_key", "request_key", "runtime_profile_key");
            assertThat(rows(s, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'delta_snapshot'"))
                    .containsExactly("0");
        }
    }

    @Test
    void anEmptyDatabaseMigratesToV7WithOneTableForExternalComponents() throws SQLException {
        TestDatabase.Connection db = TestDatabase.fresh();
        // Up to V7 itself: later migrations add tables of their own and have tests of their own (V8 plan-tree's
        // below, V9 SensitivitySweepMigrationTest, V10 DriftEventMigrationTest).
        assertThat(flyway(db, "7").migrate().migrationsExecuted).isEqualTo(7);
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_name <> 'flyway_schema_history' ORDER BY table_name"))
                    .containsExactly("audit_bundle", "capture", "capture_request", "component_set",
                            "component_set_member", "explain_document", "explain_row", "external_component", "plan",
                            "plan_artifact", "plan_statistics", "planning_env", "provider_ddl", "rulepack",
                            "runtime_profile", "schema_diagnostics", "udf_catalog");
        }
        // V8 adds the plan-tree component's table and changes nothing else.
        assertThat(flyway(db, "8").migrate().migrationsExecuted).isEqualTo(1);
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT column_name FROM information_schema.columns WHERE table_name = 'plan_tree'"
                    + " ORDER BY 1")).containsExactly("content_key", "created_at", "payload", "plan_tree_hash");
        }
    }

    /** One row per component content; two planning envs and two Delta snapshots, everything else shared. */
    private static void storeV6Content(Statement s) throws SQLException {
        s.execute("INSERT INTO plan (name) VALUES ('daily')");
        s.execute("INSERT INTO capture_request (content_key, sql_text) VALUES (sha256('request'), 'SELECT 1')");
        s.execute("INSERT INTO plan_artifact (content_key, plan_fingerprint, plans) VALUES (sha256('plans'), 'fp',"
                + " '{}')");
        for (String env : List.of("env-1", "env-2")) {
            s.execute("INSERT INTO planning_env (content_key, planning_env_hash, payload) VALUES (sha256('" + env
                    + "'), 'h-" + env + "', '{}')");
        }
        s.execute("INSERT INTO rulepack (content_key, rulepack_hash, payload) VALUES (sha256('rulepack'), 'h', '{}')");
        s.execute("INSERT INTO explain_document (content_key, explain_hash, payload) VALUES (sha256('explain'), 'h',"
                + " '{}')");
        s.execute("INSERT INTO plan_statistics (content_key, statistics_hash, payload) VALUES (sha256('statistics'),"
                + " 'h', '{}')");
        s.execute("INSERT INTO schema_diagnostics (content_key, information_schema_hash, payload) VALUES"
                + " (sha256('schema'), 'h', '{}')");
        s.execute("INSERT INTO udf_catalog (content_key, udf_catalog_hash, payload) VALUES (sha256('udfs'), 'h',"
                + " '{}')");
        s.execute("INSERT INTO audit_bundle (content_key, audit_hash, payload) VALUES (sha256('audit'), 'h', '{}')");
        for (String snapshot : List.of("delta-1", "delta-2")) {
            s.execute("INSERT INTO delta_snapshot (content_key, delta_snapshot_hash, payload) VALUES (sha256('"
                    + snapshot + "'), 'h-" + snapshot + "', '{\"tables\": {\"t\": {\"snapshot\": \"" + snapshot
                    + "\"}}}')");
        }
    }

    /** A V6 capture with every component, the given planning env and Delta snapshot (or none). */
    private static void capture(Statement s, String id, String env, String snapshot) throws SQLException {
        s.execute("INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version,"
                + " plan_identity_hash, request_key, plan_artifact_key, planning_env_key, rulepack_key, explain_key,"
                + " statistics_key, schema_key, udf_catalog_key, audit_key, delta_snapshot_key)"
                + " SELECT '" + id + "', id, 'dev', now(), 6, 'identity', sha256('request'), sha256('plans'),"
                + " sha256('" + env + "'), sha256('rulepack'), sha256('explain'), sha256('statistics'),"
                + " sha256('schema'), sha256('udfs'), sha256('audit'),"
                + (snapshot == null ? "NULL" : "sha256('" + snapshot + "')") + " FROM plan");
    }

    /** Every (capture, component, content key) the V6 columns hold, read column by column. */
    private static List<String> triplesBefore(Statement s) throws SQLException {
        List<String> triples = new ArrayList<>();
        for (Map.Entry<String, String> column : COLUMNS.entrySet()) {
            triples.addAll(rows(s, "SELECT id, '" + column.getKey() + "', encode(" + column.getValue() + ", 'hex')"
                    + " FROM capture WHERE " + column.getValue() + " IS NOT NULL"));
        }
        return triples;
    }

    private static String setKey(Statement s, String captureId) throws SQLException {
        return rows(s, "SELECT encode(component_set_key, 'hex') FROM capture WHERE id = '" + captureId + "'").get(0);
    }

    private static Map<String, ContentKey> members(Statement s, String captureId) throws SQLException {
        Map<String, ContentKey> members = new TreeMap<>();
        for (String row : rows(s, "SELECT m.component, encode(m.content_key, 'hex') FROM capture c"
                + " JOIN component_set_member m ON m.set_key = c.component_set_key WHERE c.id = '" + captureId + "'")) {
            String[] parts = row.split("\\|");
            members.put(parts[0], new ContentKey(HexFormat.of().parseHex(parts[1])));
        }
        return members;
    }
}
