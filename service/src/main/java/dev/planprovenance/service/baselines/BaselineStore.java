package dev.planprovenance.service.baselines;

import dev.planprovenance.service.store.CanonicalJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The append-only history of baselines (table baseline_event, V11): one row per approval or retirement of a
 * (plan, environment); the baseline in force is the latest row when it is an approval.
 */
@Repository
class BaselineStore {
    static final String APPROVED = "approved";
    static final String RETIRED = "retired";

    private final JdbcClient jdbc;
    private final CanonicalJson json;

    BaselineStore(JdbcClient jdbc, CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One history row; tolerances as stored ({component: "exact" | "ignore" | {"within": f}}). */
    record Event(long id, String action, UUID captureId, UUID replacesCaptureId, String actor, String reason,
            OffsetDateTime at, OffsetDateTime expiresAt, Map<String, Object> tolerances) {
        boolean approved() {
            return APPROVED.equals(action);
        }
    }

    /**
     * Serializes changes to one (plan, environment)'s baseline until the transaction ends: the read of the latest
     * event and the append that follows it see every earlier change.
     */
    void lock(long planId, String environment) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('baseline:' || :plan || ':' || :env, 0))")
                .param("plan", planId).param("env", environment).query((rs, n) -> 1).list();
    }

    Optional<Event> latest(long planId, String environment) {
        return jdbc.sql(SELECT + " WHERE plan_id = :plan AND environment = :env ORDER BY id DESC LIMIT 1")
                .param("plan", planId).param("env", environment).query(this::event).optional();
    }

    /** Oldest first. */
    List<Event> history(long planId, String environment) {
        return jdbc.sql(SELECT + " WHERE plan_id = :plan AND environment = :env ORDER BY id")
                .param("plan", planId).param("env", environment).query(this::event).list();
    }

    Event append(long planId, String environment, String action, UUID captureId, UUID replaces, String actor,
            String reason, OffsetDateTime expiresAt, Map<String, Object> tolerances) {
        return jdbc.sql("""
                        INSERT INTO baseline_event (plan_id, environment, action, capture_id, replaces_capture_id, actor,
                                                    reason, expires_at, tolerances)
                        VALUES (:plan, :env, :action, :capture, :replaces, :actor, :reason, :expires,
                                CAST(:tolerances AS jsonb))
                        RETURNING id, action, capture_id, replaces_capture_id, actor, reason, at, expires_at,
                                  tolerances::text AS tolerances""")
                .param("plan", planId).param("env", environment).param("action", action).param("capture", captureId)
                .param("replaces", replaces).param("actor", actor).param("reason", reason)
                .param("expires", expiresAt).param("tolerances", json.write(tolerances))
                .query(this::event).single();
    }

    private static final String SELECT = "SELECT id, action, capture_id, replaces_capture_id, actor, reason, at,"
            + " expires_at, tolerances::text AS tolerances FROM baseline_event";

    @SuppressWarnings("unchecked")
    private Event event(ResultSet rs, int n) throws SQLException {
        return new Event(rs.getLong("id"), rs.getString("action"), rs.getObject("capture_id", UUID.class),
                rs.getObject("replaces_capture_id", UUID.class), rs.getString("actor"), rs.getString("reason"),
                rs.getObject("at", OffsetDateTime.class), rs.getObject("expires_at", OffsetDateTime.class),
                json.mapper().readValue(rs.getString("tolerances"), Map.class));
    }
}
