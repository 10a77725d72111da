package dev.planprovenance.service.whatif;

import dev.planprovenance.service.api.model.FirstDivergingRule;
import dev.planprovenance.service.api.model.SensitivitySweep;
import dev.planprovenance.service.api.model.SensitivityTrial;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.store.CanonicalJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sensitivity sweeps and their trials (V9: sensitivity_sweep, sensitivity_trial). A sweep is read back as stored;
 * its sensitive keys are derived from its trials on read, so they can never disagree with them.
 */
@Repository
class SweepStore {
    private static final String SWEEPS = """
            SELECT s.id, p.name AS plan_name, s.source_capture_id, s.created_at
            FROM sensitivity_sweep s JOIN plan p ON p.id = s.plan_id""";
    private static final String TRIALS = """
            SELECT t.sweep_id, t.key, t.value, t.capture_id, t.plan_changed, t.identity_changed,
                   t.first_diverging_rule::text AS first_diverging_rule, t.summary
            FROM sensitivity_trial t JOIN sensitivity_sweep s ON s.id = t.sweep_id JOIN plan p ON p.id = s.plan_id""";

    private final JdbcClient jdbc;
    private final CanonicalJson json;

    SweepStore(JdbcClient jdbc, CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores the sweep (of the source capture's plan) and its trials in order: two statements. */
    void insert(UUID id, UUID sourceCaptureId, OffsetDateTime createdAt, Map<String, Object> request,
            List<SensitivityTrial> trials) {
        jdbc.sql("""
                INSERT INTO sensitivity_sweep (id, plan_id, source_capture_id, created_at, request)
                SELECT :id, c.plan_id, c.id, :created, CAST(:request AS jsonb) FROM capture c WHERE c.id = :source""")
                .param("id", id)
                .param("source", sourceCaptureId)
                .param("created", createdAt)
                .param("request", json.write(request))
                .update();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SensitivityTrial trial : trials) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ordinal", rows.size());
            row.put("key", trial.getKey());
            row.put("value", trial.getValue());
            row.put("capture_id", trial.getCaptureId());
            row.put("plan_changed", trial.getPlanChanged());
            row.put("identity_changed", trial.getIdentityChanged());
            row.put("first_diverging_rule", trial.getFirstDivergingRule());
            row.put("summary", trial.getSummary());
            rows.add(row);
        }
        // Every trial in one statement, however many there are.
        jdbc.sql("""
                INSERT INTO sensitivity_trial (sweep_id, ordinal, key, value, capture_id, plan_changed,
                                               identity_changed, first_diverging_rule, summary)
                SELECT :sweep, t.ordinal, t.key, t.value, t.capture_id, t.plan_changed, t.identity_changed,
                       t.first_diverging_rule, t.summary
                FROM jsonb_to_recordset(CAST(:trials AS jsonb)) AS t (ordinal integer, key text, value text,
                     capture_id uuid, plan_changed boolean, identity_changed boolean, first_diverging_rule jsonb,
                     summary text)""")
                .param("sweep", id)
                .param("trials", json.write(rows))
                .update();
    }

    SensitivitySweep sweep(UUID id) {
        List<SensitivitySweep> sweeps = read(" WHERE s.id = :id", "id", id);
        if (sweeps.isEmpty()) throw ProblemException.notFound("No sensitivity sweep " + id + ".");
        return sweeps.get(0);
    }

    /** A plan's sweeps, newest first; a plan that was never captured is not-found. */
    List<SensitivitySweep> sweeps(String planName) {
        boolean known = jdbc.sql("SELECT EXISTS (SELECT 1 FROM plan WHERE name = :name)").param("name", planName)
                .query(Boolean.class).single();
        if (!known) throw ProblemException.notFound("No plan named '" + planName + "'.");
        return read(" WHERE p.name = :name", "name", planName);
    }

    private List<SensitivitySweep> read(String where, String param, Object value) {
        Map<UUID, SensitivitySweep> sweeps = new LinkedHashMap<>();
        jdbc.sql(SWEEPS + where + " ORDER BY s.created_at DESC, s.id").param(param, value)
                .query((rs, n) -> new SensitivitySweep(rs.getObject("id", UUID.class), rs.getString("plan_name"),
                        rs.getObject("source_capture_id", UUID.class),
                        rs.getObject("created_at", OffsetDateTime.class), new ArrayList<>(), new ArrayList<>()))
                .list()
                .forEach(s -> sweeps.put(s.getId(), s));
        if (sweeps.isEmpty()) return List.of();
        jdbc.sql(TRIALS + where + " ORDER BY t.sweep_id, t.ordinal").param(param, value)
                .query(rs -> {
                    sweeps.get(rs.getObject("sweep_id", UUID.class)).addTrialsItem(trial(rs));
                });
        for (SensitivitySweep sweep : sweeps.values()) {
            LinkedHashSet<String> sensitive = new LinkedHashSet<>();
            sweep.getTrials().stream().filter(SensitivityTrial::getPlanChanged).forEach(t -> sensitive.add(t.getKey()));
            sweep.setSensitiveKeys(new ArrayList<>(sensitive));
        }
        return new ArrayList<>(sweeps.values());
    }

    private SensitivityTrial trial(ResultSet rs) throws SQLException {
        SensitivityTrial trial = new SensitivityTrial(rs.getString("key"), rs.getString("value"),
                rs.getObject("capture_id", UUID.class), rs.getBoolean("plan_changed"),
                rs.getBoolean("identity_changed"));
        String rule = rs.getString("first_diverging_rule");
        if (rule != null) trial.setFirstDivergingRule(json.mapper().readValue(rule, FirstDivergingRule.class));
        trial.setSummary(rs.getString("summary"));
        return trial;
    }
}
