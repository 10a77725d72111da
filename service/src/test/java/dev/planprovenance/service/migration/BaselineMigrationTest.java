package dev.planprovenance.service.migration;

import static dev.planprovenance.service.migration.MigrationSql.flyway;
import static dev.planprovenance.service.migration.MigrationSql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.planprovenance.service.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * V11 on a real PostgreSQL, over captures stored at V10: baseline events and stored checks refer to captures by
 * foreign key, so a capture that a baseline (approved, replaced or retired) or a stored check refers to cannot be
 * deleted (what retention relies on), while a capture nothing refers to can; actions and verdicts are the API's.
 */
class BaselineMigrationTest {
    private static final String BASELINE = "00000000-0000-0000-0000-000000000001";
    private static final String CHECKED = "00000000-0000-0000-0000-000000000002";
    private static final String REPLACED = "00000000-0000-0000-0000-000000000003";
    private static final String UNREFERENCED = "00000000-0000-0000-0000-000000000004";

    @Test
    void capturesThatBaselinesOrChecksReferToCannotBeDeleted() throws SQLException {
        TestDatabase.Connection db = TestDatabase.fresh();
        flyway(db, "10").migrate();
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO plan (name) VALUES ('daily')");
            s.execute("INSERT INTO capture_request (content_key, sql_text) VALUES (sha256('request'), 'SELECT 1')");
            s.execute("INSERT INTO component_set (set_key) VALUES (sha256('set'))");
            for (String id : new String[] {REPLACED, BASELINE, CHECKED, UNREFERENCED}) capture(s, id);
        }

        assertThat(flyway(db, "11").migrate().targetSchemaVersion).isEqualTo("11");

        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO baseline_event (plan_id, environment, action, capture_id, actor, reason)"
                    + " SELECT id, 'ci', 'approved', '" + REPLACED + "', 'alice', 'first' FROM plan");
            s.execute("INSERT INTO baseline_event (plan_id, environment, action, capture_id, replaces_capture_id, actor,"
                    + " reason, tolerances) SELECT id, 'ci', 'approved', '" + BASELINE + "', '" + REPLACED
                    + "', 'bob', 'second', '{\"statistics\": {\"within\": 1.1}}' FROM plan");
            s.execute("INSERT INTO baseline_check (id, capture_id, baseline_event_id, baseline_capture_id, verdict,"
                    + " components) SELECT gen_random_uuid(), '" + CHECKED + "', max(id), '" + BASELINE
                    + "', 'pass', '[]' FROM baseline_event");
            assertThat(rows(s, "SELECT action, actor, replaces_capture_id FROM baseline_event ORDER BY id"))
                    .containsExactly("approved|alice|null", "approved|bob|" + REPLACED);

            for (String referenced : new String[] {REPLACED, BASELINE, CHECKED}) {
                assertThatThrownBy(() -> s.execute("DELETE FROM capture WHERE id = '" + referenced + "'"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23503"));
            }
            assertThat(s.executeUpdate("DELETE FROM capture WHERE id = '" + UNREFERENCED + "'")).isEqualTo(1);

            assertThatThrownBy(() -> s.execute("INSERT INTO baseline_event (plan_id, environment, action, capture_id,"
                    + " actor, reason) SELECT id, 'ci', 'replaced', '" + BASELINE + "', 'x', 'y' FROM plan"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.execute("INSERT INTO baseline_check (id, capture_id, verdict, components)"
                    + " VALUES (gen_random_uuid(), '" + CHECKED + "', 'maybe', '[]')"))
                    .isInstanceOf(SQLException.class);
        }
    }

    private static void capture(Statement s, String id) throws SQLException {
        s.execute("INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version,"
                + " plan_identity_hash, request_key, component_set_key) SELECT '" + id + "', id, 'ci', clock_timestamp(),"
                + " 7, 'h1', sha256('request'), sha256('set') FROM plan");
    }
}
