package dev.planprovenance.service.plans;

import dev.planprovenance.service.api.model.CapturePage;
import dev.planprovenance.service.api.model.CaptureSummary;
import dev.planprovenance.service.api.model.PlanList;
import dev.planprovenance.service.api.model.PlanSummary;
import dev.planprovenance.service.capture.CaptureRows;
import dev.planprovenance.service.problem.ProblemException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Set-based reads of plan history: one plan's page of captures, every plan with its latest capture. */
@Repository
public class CaptureQueries {
    private final JdbcClient jdbc;

    public CaptureQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Newest first; {@code from} inclusive, {@code to} exclusive; null filters are left out of the query. */
    public CapturePage page(String planName, String environment, OffsetDateTime from, OffsetDateTime to,
            int page, int size) {
        long planId = jdbc.sql("SELECT id FROM plan WHERE name = :name").param("name", planName)
                .query(Long.class).optional()
                .orElseThrow(() -> ProblemException.notFound("No plan named '" + planName + "'."));
        StringBuilder where = new StringBuilder(" WHERE c.plan_id = :plan");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("plan", planId);
        if (environment != null) {
            where.append(" AND c.environment = :environment");
            params.put("environment", environment);
        }
        if (from != null) {
            where.append(" AND c.created_at >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.append(" AND c.created_at < :to");
            params.put("to", to);
        }
        long total = jdbc.sql("SELECT count(*) FROM capture c" + where).params(params).query(Long.class).single();
        List<CaptureSummary> items = jdbc.sql("SELECT " + CaptureRows.SUMMARY_COLUMNS + " FROM capture c "
                        + CaptureRows.JOINS + where + " ORDER BY c.created_at DESC, c.id LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, n) -> CaptureRows.summary(rs))
                .list();
        int pages = (int) ((total + size - 1) / size);
        return new CapturePage(new ArrayList<>(items), page, size, total, pages);
    }

    public PlanList plans() {
        List<PlanSummary> items = jdbc.sql("""
                        WITH latest AS (
                            SELECT DISTINCT ON (plan_id) id, count(*) OVER (PARTITION BY plan_id) AS capture_count
                            FROM capture
                            ORDER BY plan_id, created_at DESC, id
                        )
                        SELECT latest.capture_count, """ + CaptureRows.SUMMARY_COLUMNS + """
                         FROM latest JOIN capture c ON c.id = latest.id
                        """ + CaptureRows.JOINS + " ORDER BY p.name")
                .query((rs, n) -> new PlanSummary(rs.getString("plan_name"), rs.getLong("capture_count"),
                        CaptureRows.summary(rs)))
                .list();
        return new PlanList(new ArrayList<>(items));
    }
}
