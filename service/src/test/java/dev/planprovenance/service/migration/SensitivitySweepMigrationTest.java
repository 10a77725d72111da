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
 * V9 on a real PostgreSQL: a database at V7 holding a capture migrates to the latest version with the capture as it
 * was, and the sweep tables then hold a sweep of that capture's plan with its trials, refusing trials of unknown
 * sweeps or captures, a sweep of an unknown capture, and two trials at one ordinal.
 */
class SensitivitySweepMigrationTest {
    private static final String SOURCE = "11111111-1111-1111-1111-111111111111";
    private static final String TRIAL_CAPTURE = "22222222-2222-2222-2222-222222222222";
    private static final String SWEEP = "33333333-3333-3333-3333-333333333333";
    private static final String UNKNOWN = "99999999-9999-9999-9999-999999999999";

    @Test
    void sweepsOfStoredCapturesAreStoredWithTheirTrialsInOrder() throws SQLException {
        TestDatabase.Connection db = TestDatabase.fresh();
        flyway(db, "7").migrate();
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            storeCapture(s, SOURCE, "ci");
        }

        flyway(db, "latest").migrate();

        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT count(*) FROM flyway_schema_history WHERE version = '9' AND success"))
                    .containsExactly("1");
            assertThat(rows(s, "SELECT c.id, p.name, c.environment FROM capture c JOIN plan p ON p.id = c.plan_id"))
                    .containsExactly(SOURCE + "|daily|ci");
            storeCapture(s, TRIAL_CAPTURE, "what-if");
            s.execute("INSERT INTO sensitivity_sweep (id, plan_id, source_capture_id, created_at, request)"
                    + " SELECT '" + SWEEP + "', plan_id, id, now(), '{\"keys\": {\"k\": [\"a\", \"b\"]}}'"
                    + " FROM capture WHERE id = '" + SOURCE + "'");
            // Inserted out of order: read back by ordinal.
            trial(s, 1, "b", false, null);
            trial(s, 0, "a", true, "'{\"logical\": {\"stage\": \"logical\", \"kind\": \"none\"}}'");

            assertThat(rows(s, "SELECT p.name, s.source_capture_id, s.request->'keys'->'k'->>1 FROM sensitivity_sweep s"
                    + " JOIN plan p ON p.id = s.plan_id")).containsExactly("daily|" + SOURCE + "|b");
            assertThat(rows(s, "SELECT ordinal, key, value, capture_id, plan_changed, identity_changed,"
                    + " first_diverging_rule->'logical'->>'kind', summary FROM sensitivity_trial"
                    + " WHERE sweep_id = '" + SWEEP + "' ORDER BY ordinal"))
                    .containsExactly("0|k|a|" + TRIAL_CAPTURE + "|t|t|none|summary a",
                            "1|k|b|" + TRIAL_CAPTURE + "|f|f|null|summary b");

            assertThatThrownBy(() -> trial(s, 0, "again", false, null)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("sensitivity_trial_pkey");
            assertThatThrownBy(() -> s.execute("INSERT INTO sensitivity_trial (sweep_id, ordinal, key, value,"
                    + " capture_id, plan_changed, identity_changed) VALUES ('" + UNKNOWN + "', 0, 'k', 'v', '"
                    + TRIAL_CAPTURE + "', false, false)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("foreign key");
            assertThatThrownBy(() -> s.execute("INSERT INTO sensitivity_trial (sweep_id, ordinal, key, value,"
                    + " capture_id, plan_changed, identity_changed) VALUES ('" + SWEEP + "', 5, 'k', 'v', '"
                    + UNKNOWN + "', false, false)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("foreign key");
            assertThatThrownBy(() -> s.execute("INSERT INTO sensitivity_sweep (id, plan_id, source_capture_id,"
                    + " created_at, request) SELECT gen_random_uuid(), id, '" + UNKNOWN + "', now(), '{}' FROM plan"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("foreign key");
            // A plan's sweeps are read newest first through an index of their own.
            assertThat(rows(s, "SELECT indexdef FROM pg_indexes WHERE tablename = 'sensitivity_sweep'"
                    + " AND indexname = 'sensitivity_sweep_plan_created_idx'"))
                    .singleElement().asString().contains("(plan_id, created_at DESC)");
        }
    }

    /** A capture of plan 'daily' at V7: its request, plan artifact and a component set holding it. */
    private static void storeCapture(Statement s, String id, String environment) throws SQLException {
        s.execute("INSERT INTO plan (name) VALUES ('daily') ON CONFLICT DO NOTHING");
        s.execute("INSERT INTO capture_request (content_key, sql_text) VALUES (sha256('request'), 'SELECT 1')"
                + " ON CONFLICT DO NOTHING");
        s.execute("INSERT INTO component_set (set_key) VALUES (sha256('set')) ON CONFLICT DO NOTHING");
        s.execute("INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version,"
                + " plan_identity_hash, request_key, component_set_key) SELECT '" + id + "', id, '" + environment
                + "', now(), 6, 'identity', sha256('request'), sha256('set') FROM plan");
    }

    private static void trial(Statement s, int ordinal, String value, boolean changed, String rule)
            throws SQLException {
        s.execute("INSERT INTO sensitivity_trial (sweep_id, ordinal, key, value, capture_id, plan_changed,"
                + " identity_changed, first_diverging_rule, summary) VALUES ('" + SWEEP + "', " + ordinal + ", 'k', '"
                + value + "', '" + TRIAL_CAPTURE + "', " + changed + ", " + changed + ", " + rule + ", 'summary "
                + value + "')");
    }
}
