package dev.planprovenance.service.migration;

import static dev.planprovenance.service.migration.MigrationSql.flyway;
import static dev.planprovenance.service.migration.MigrationSql.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.planprovenance.service.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/**
 * The real migrations on a real PostgreSQL: a database at V5 holding captures with legacy EXPLAIN JSON is migrated
 * to V6, and every legacy row comes back as EXPLAIN rows of the same captures before the columns are gone. (V7, which
 * moves the capture's key columns into component sets, has ComponentSetMigrationTest.)
 */
class MigrationHistoryTest {
    private static final String TREE = """
            [{"plan_type": "physical_plan", "plan": "┌───────────────────────────┐\\n│       ProjectionExec      │\\n└───────────────────────────┘"}]""";
    private static final String VERBOSE = """
            [{"plan_type": "initial_logical_plan", "plan": "Projection: t.a\\n  TableScan: t"},
             {"plan_type": "logical_plan after simplify_expressions", "plan": "SAME TEXT AS ABOVE"},
             {"plan_type": "physical_plan", "plan": "ProjectionExec: expr=[a@0 as a]"}]""";

    @Test
    void v6MovesLegacyExplainJsonIntoExplainRowsBeforeDroppingTheColumns() throws SQLException {
        TestDatabase.Connection db = TestDatabase.fresh();
        flyway(db, "5").migrate();
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            insertLegacyCapture(s, 1, "11111111-1111-1111-1111-111111111111", TREE, VERBOSE);
            // A second capture of the same plan shares the artifact; a third plan has only a verbose rendering.
            s.execute("INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version,"
                    + " plan_identity_hash, request_key, plan_artifact_key) SELECT '22222222-2222-2222-2222-222222222222',"
                    + " plan_id, 'prod', now(), 1, plan_identity_hash, request_key, plan_artifact_key FROM capture");
            insertLegacyCapture(s, 3, "33333333-3333-3333-3333-333333333333", null, VERBOSE.replace("t.a", "t.b"));
        }

        assertThat(flyway(db, "6").migrate().migrationsExecuted).isEqualTo(1);

        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT format, plan_type, plan FROM explain_row r JOIN capture c ON c.explain_key ="
                    + " r.explain_key WHERE c.id = '11111111-1111-1111-1111-111111111111' ORDER BY format DESC, ordinal"))
                    .containsExactly(
                            "verbose|initial_logical_plan|Projection: t.a\n  TableScan: t",
                            "verbose|logical_plan after simplify_expressions|SAME TEXT AS ABOVE",
                            "verbose|physical_plan|ProjectionExec: expr=[a@0 as a]",
                            "tree|physical_plan|┌───────────────────────────┐\n│       ProjectionExec      │\n"
                                    + "└───────────────────────────┘");
            assertThat(rows(s, "SELECT count(DISTINCT explain_key) FROM capture WHERE id IN"
                    + " ('11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222')"))
                    .containsExactly("1");
            assertThat(rows(s, "SELECT format, plan FROM explain_row r JOIN capture c ON c.explain_key = r.explain_key"
                    + " WHERE c.id = '33333333-3333-3333-3333-333333333333' ORDER BY ordinal"))
                    .containsExactly("verbose|Projection: t.b\n  TableScan: t", "verbose|SAME TEXT AS ABOVE",
                            "verbose|ProjectionExec: expr=[a@0 as a]");
            assertThat(rows(s, "SELECT count(*) FROM capture WHERE explain_key IS NULL")).containsExactly("0");
            assertThat(rows(s, "SELECT column_name FROM information_schema.columns WHERE table_name = 'plan_artifact'"
                    + " AND column_name LIKE 'explain%'")).isEmpty();
            // Everything else of the legacy captures is untouched.
            assertThat(rows(s, "SELECT c.environment, p.name, pa.plan_fingerprint, r.sql_text FROM capture c"
                    + " JOIN plan p ON p.id = c.plan_id JOIN plan_artifact pa ON pa.content_key = c.plan_artifact_key"
                    + " JOIN capture_request r ON r.content_key = c.request_key ORDER BY c.id"))
                    .containsExactly("dev|legacy-1|fp-1|SELECT a FROM t", "prod|legacy-1|fp-1|SELECT a FROM t",
                            "dev|legacy-3|fp-3|SELECT a FROM t");
        }
    }

    @Test
    void malformedLegacyExplainStopsV6AndKeepsTheColumns() throws SQLException {
        TestDatabase.Connection db = TestDatabase.fresh();
        flyway(db, "5").migrate();
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            insertLegacyCapture(s, 1, "44444444-4444-4444-4444-444444444444", "{\"not\": \"an array\"}", null);
        }

        assertThatThrownBy(() -> flyway(db, "latest").migrate()).isInstanceOf(FlywayException.class);

        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT explain_tree_json::text FROM plan_artifact"))
                    .containsExactly("{\"not\": \"an array\"}");
        }
    }

    @Test
    void anEmptyDatabaseMigratesToV6WithEveryComponentTable() throws SQLException {
        TestDatabase.Connection db = TestDatabase.fresh();
        assertThat(flyway(db, "6").migrate().migrationsExecuted).isEqualTo(6);
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_name <> 'flyway_schema_history' ORDER BY table_name"))
                    .containsExactly("audit_bundle", "capture", "capture_request", "delta_snapshot",
                            "explain_document", "explain_row", "plan", "plan_artifact", "plan_statistics",
                            "planning_env", "provider_ddl", "rulepack", "runtime_profile", "schema_diagnostics",
                            "udf_catalog");
        }
    }

    private static void insertLegacyCapture(Statement s, int n, String captureId, String tree, String verbose)
            throws SQLException {
        s.execute("INSERT INTO plan (name) VALUES ('legacy-" + n + "')");
        s.execute("INSERT INTO capture_request (content_key, sql_text) VALUES (sha256('r" + n + "'),"
                + " 'SELECT a FROM t') ON CONFLICT DO NOTHING");
        s.execute("INSERT INTO plan_artifact (content_key, plan_fingerprint, plans, substrait, explain_tree_json,"
                + " explain_verbose_json) VALUES (sha256('p" + n + "'), 'fp-" + n + "', '{\"logical\": \"Projection\"}',"
                + " '\\x0102', " + literal(tree) + ", " + literal(verbose) + ")");
        s.execute("INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version,"
                + " plan_identity_hash, request_key, plan_artifact_key) SELECT '" + captureId + "', id, 'dev', now(), 1,"
                + " 'identity-" + n + "', sha256('r" + n + "'), sha256('p" + n + "') FROM plan WHERE name = 'legacy-"
                + n + "'");
    }

    private static String literal(String json) {
        return json == null ? "NULL" : "'" + json.replace("'", "''") + "'";
    }
}
