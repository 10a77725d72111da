package dev.planprovenance.service.feed;

import dev.planprovenance.service.api.model.CauseSummary;
import dev.planprovenance.service.api.model.DriftEvent;
import dev.planprovenance.service.api.model.DriftEventPage;
import dev.planprovenance.service.api.model.FirstDivergingRule;
import dev.planprovenance.service.store.CanonicalJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The drift_event table (V10): the capture path's link to the previous capture, recording an event, the feed's page. */
@Repository
public class DriftEventStore {
    private final JdbcClient jdbc;
    private final CanonicalJson json;

    public DriftEventStore(JdbcClient jdbc, CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The capture before {@code captureId} of its plan in its environment when its identity differed, as the
     * statement that inserted the capture row decided (V10's trigger); empty for a repeat or a plan's first capture.
     * One primary-key lookup.
     */
    Optional<UUID> driftFrom(UUID captureId) {
        return jdbc.sql("SELECT drift_from_capture_id FROM capture WHERE id = :id")
                .param("id", captureId)
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .optional();
    }

    /** Records the event unless one is recorded for that capture already; answers whether this call recorded it. */
    boolean record(String planName, String environment, UUID from, UUID to, CauseSummary cause,
            FirstDivergingRule firstDivergingRule) {
        return jdbc.sql("""
                        INSERT INTO drift_event (plan_name, environment, from_capture_id, to_capture_id, cause,
                                                 first_diverging_rule, inputs)
                        VALUES (:plan, :environment, :from, :to, CAST(:cause AS jsonb), CAST(:rule AS jsonb),
                                CAST(:inputs AS text[]))
                        ON CONFLICT (to_capture_id) DO NOTHING""")
                .param("plan", planName)
                .param("environment", environment)
                .param("from", from)
                .param("to", to)
                .param("cause", json.write(cause))
                .param("rule", firstDivergingRule == null ? null : json.write(firstDivergingRule))
                .param("inputs", "{" + String.join(",", inputs(cause)) + "}")
                .update() == 1;
    }

    /** Newest first; {@code since} inclusive; null filters are left out of the query (so each uses its index). */
    public DriftEventPage page(String environment, OffsetDateTime since, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (environment != null) {
            where.append(" AND environment = :environment");
            params.put("environment", environment);
        }
        if (since != null) {
            where.append(" AND detected_at >= :since");
            params.put("since", since);
        }
        long total = jdbc.sql("SELECT count(*) FROM drift_event" + where).params(params).query(Long.class).single();
        List<DriftEvent> items = jdbc.sql("SELECT id, plan_name, environment, from_capture_id, to_capture_id,"
                        + " detected_at, cause::text AS cause, first_diverging_rule::text AS rule FROM drift_event"
                        + where + " ORDER BY detected_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, n) -> event(rs))
                .list();
        int pages = (int) ((total + size - 1) / size);
        return new DriftEventPage(new ArrayList<>(items), page, size, total, pages);
    }

    private DriftEvent event(ResultSet rs) throws SQLException {
        DriftEvent event = new DriftEvent(rs.getLong("id"), rs.getString("plan_name"), rs.getString("environment"),
                rs.getObject("from_capture_id", UUID.class), rs.getObject("to_capture_id", UUID.class),
                rs.getObject("detected_at", OffsetDateTime.class),
                json.mapper().readValue(rs.getString("cause"), CauseSummary.class));
        String rule = rs.getString("rule");
        if (rule != null) event.setFirstDivergingRule(json.mapper().readValue(rule, FirstDivergingRule.class));
        return event;
    }

    /** The input components a cause names, by their API names (planning-env, statistics, ...). */
    static List<String> inputs(CauseSummary cause) {
        if (cause.getInputsChanged() == null) return List.of();
        return cause.getInputsChanged().stream().map(CauseSummary.InputsChangedEnum::getValue).toList();
    }
}
