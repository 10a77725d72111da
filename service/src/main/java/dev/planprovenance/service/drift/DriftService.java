package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.CauseSummary;
import dev.planprovenance.service.api.model.CauseSummary.InputsChangedEnum;
import dev.planprovenance.service.api.model.CauseSummary.OutputsChangedEnum;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * TEMPORARY STAND-IN on branch feed, removed when branch drift (which owns this class) is merged: the same API
 * ({@code between(from, to, tolerance)}, {@code DEFAULT_TOLERANCE}) so the drift feed compiles and runs before the
 * real drift report exists. It compares only the capture rows' hashes; no components, no first diverging rule.
 */
@Service
public class DriftService {
    public static final double DEFAULT_TOLERANCE = 0.0;

    private final JdbcClient jdbc;

    public DriftService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public DriftReport between(UUID from, UUID to, double tolerance) {
        Map<String, Object> a = hashes(from);
        Map<String, Object> b = hashes(to);
        List<InputsChangedEnum> inputs = new ArrayList<>();
        if (!Objects.equals(a.get("sql_text"), b.get("sql_text"))) inputs.add(InputsChangedEnum.SQL);
        if (!Objects.equals(a.get("planning_env_hash"), b.get("planning_env_hash"))) {
            inputs.add(InputsChangedEnum.PLANNING_ENV);
        }
        if (!Objects.equals(a.get("rulepack_hash"), b.get("rulepack_hash"))) inputs.add(InputsChangedEnum.RULEPACK);
        if (!Objects.equals(a.get("tables"), b.get("tables"))) inputs.add(InputsChangedEnum.STATISTICS);
        boolean planChanged = !Objects.equals(a.get("plan_fingerprint"), b.get("plan_fingerprint"));
        CauseSummary.VerdictEnum verdict = inputs.isEmpty()
                ? (planChanged ? CauseSummary.VerdictEnum.NONDETERMINISTIC : CauseSummary.VerdictEnum.UNCHANGED)
                : (planChanged ? CauseSummary.VerdictEnum.DRIFT : CauseSummary.VerdictEnum.ABSORBED);
        List<OutputsChangedEnum> outputs = planChanged
                ? new ArrayList<>(List.of(OutputsChangedEnum.PHYSICAL_PLAN)) : new ArrayList<>();
        CauseSummary cause = new CauseSummary(verdict, inputs, outputs, inputs + " changed");
        DriftReport report = new DriftReport();
        report.setCause(cause);
        report.setIdentityChanged(!Objects.equals(a.get("plan_identity_hash"), b.get("plan_identity_hash")));
        return report;
    }

    private Map<String, Object> hashes(UUID id) {
        return jdbc.sql("""
                        SELECT c.plan_identity_hash, r.sql_text, r.tables::text AS tables, pa.plan_fingerprint,
                               pe.planning_env_hash, ru.rulepack_hash
                        FROM capture c
                        JOIN capture_request r ON r.content_key = c.request_key
                        JOIN component_set_member mp ON mp.set_key = c.component_set_key AND mp.component = 'plans'
                        JOIN plan_artifact pa ON pa.content_key = mp.content_key
                        LEFT JOIN component_set_member me ON me.set_key = c.component_set_key
                             AND me.component = 'planning-env'
                        LEFT JOIN planning_env pe ON pe.content_key = me.content_key
                        LEFT JOIN component_set_member mr ON mr.set_key = c.component_set_key
                             AND mr.component = 'rulepack'
                        LEFT JOIN rulepack ru ON ru.content_key = mr.content_key
                        WHERE c.id = :id""")
                .param("id", id)
                .query().singleRow();
    }

    @SuppressWarnings("unused")
    private static ProblemException missing(UUID id) {
        return ProblemException.notFound("No capture " + id + ".");
    }
}
