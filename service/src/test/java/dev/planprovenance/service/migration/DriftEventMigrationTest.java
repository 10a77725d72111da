package dev.planprovenance.service.migration;

import static dev.planprovenance.service.migration.MigrationSql.flyway;
import static dev.planprovenance.service.migration.MigrationSql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * V10 on a real PostgreSQL: captures stored at V7 are kept as they were (the feed starts with V10), and every capture
 * inserted afterwards is linked by its insert to the capture before it of its plan in its environment when its
 * identity differs - also when two captures of one plan are inserted at once.
 */
class DriftEventMigrationTest {
    private static final String OLD = "00000000-0000-0000-0000-000000000001";

    @Test
    void capturesBeforeV10AreKeptAndLaterOnesAreLinkedWhenTheirIdentityChanges() throws SQLException {
        TestDatabase.Connection db = TestDatabase.fresh();
        flyway(db, "7").migrate();
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            storeV7Content(s);
            capture(s, OLD, "prod", "h1", "now() - interval '1 hour'");
        }

        // Every migration after V7 (V8 and V9 belong to other features) up to V10.
        assertThat(flyway(db, "10").migrate().targetSchemaVersion).isEqualTo("10");

        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT drift_from_capture_id FROM capture")).containsExactly("null");
            capture(s, id(2), "prod", "h1", "now()");          // a repeat of the V7 capture
            capture(s, id(3), "prod", "h2", "now()");          // identity changed
            capture(s, id(4), "prod", "h2", "now()");          // a repeat of the change
            capture(s, id(5), "dev", "h3", "now()");           // another environment: its plan's first capture
            capture(s, id(6), "prod", "h1", "now() - interval '1 day'"); // a clock behind: still after id(4)
            assertThat(rows(s, "SELECT id, drift_from_capture_id FROM capture WHERE drift_from_capture_id IS NOT NULL"
                    + " ORDER BY created_at"))
                    .containsExactly(id(3) + "|" + id(2), id(6) + "|" + id(4));
            assertThat(rows(s, "SELECT id FROM capture WHERE environment = 'prod' ORDER BY created_at DESC LIMIT 1"))
                    .containsExactly(id(6));
            assertThat(rows(s, "SELECT count(*) FROM drift_event")).containsExactly("0");
            // One event per capture: a second recording of the same capture's event is refused.
            s.execute("INSERT INTO drift_event (plan_name, environment, from_capture_id, to_capture_id, cause, inputs)"
                    + " VALUES ('daily', 'prod', '" + id(2) + "', '" + id(3) + "', '{}', '{planning-env}')");
            assertThat(s.executeUpdate("INSERT INTO drift_event (plan_name, environment, from_capture_id,"
                    + " to_capture_id, cause) VALUES ('daily', 'prod', '" + id(2) + "', '" + id(3) + "', '{}')"
                    + " ON CONFLICT (to_capture_id) DO NOTHING")).isZero();
        }
    }

    /**
     * Two captures of one plan in one environment at once: the second insert waits for the first transaction, then
     * sees its capture as the previous one. Without the lock both would see the same previous capture, and the
     * repeat of the change would be linked to the capture before the change as a second event.
     */
    @Test
    void concurrentCapturesOfOnePlanAreLinkedInCommitOrder() throws Exception {
        TestDatabase.Connection db = TestDatabase.fresh();
        flyway(db, "latest").migrate();
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            storeV7Content(s);
            capture(s, id(1), "prod", "h1", "now()");
        }
        try (Connection first = TestDatabase.open(db); Statement a = first.createStatement()) {
            first.setAutoCommit(false);
            capture(a, id(2), "prod", "h2", "clock_timestamp()"); // the change, not committed yet
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
                try (Connection c = TestDatabase.open(db); Statement b = c.createStatement()) {
                    capture(b, id(3), "prod", "h2", "clock_timestamp() - interval '1 second'"); // its repeat
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(second).isNotDone(); // waiting for the first capture's transaction
            first.commit();
            second.get(10, TimeUnit.SECONDS);
        }
        try (Connection c = TestDatabase.open(db); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT id, drift_from_capture_id FROM capture ORDER BY created_at"))
                    .containsExactly(id(1) + "|null", id(2) + "|" + id(1), id(3) + "|null");
        }
    }

    private static String id(int n) {
        return "00000000-0000-0000-0000-00000000000" + n;
    }

    private static void storeV7Content(Statement s) throws SQLException {
        s.execute("INSERT INTO plan (name) VALUES ('daily')");
        s.execute("INSERT INTO capture_request (content_key, sql_text) VALUES (sha256('request'), 'SELECT 1')");
        s.execute("INSERT INTO component_set (set_key) VALUES (sha256('set'))");
    }

    private static void capture(Statement s, String id, String environment, String identity, String createdAt)
            throws SQLException {
        s.execute("INSERT INTO capture (id, plan_id, environment, created_at, artifact_schema_version,"
                + " plan_identity_hash, request_key, component_set_key) SELECT '" + id + "', id, '" + environment
                + "', " + createdAt + ", 7, '" + identity + "', sha256('request'), sha256('set') FROM plan");
    }
}
