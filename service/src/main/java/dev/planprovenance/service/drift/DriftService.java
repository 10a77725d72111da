package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.RuleDivergence;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Drift reports: what changed between two captures of a plan, why, and where the optimizer first diverged. Other
 * features call {@link #between} (a capture against the one it was compared with, e.g. a recapture or the capture
 * before it); the HTTP endpoint selects the captures with {@link #forPlan}.
 */
@Service
public class DriftService {
    public static final double DEFAULT_TOLERANCE = 0.1;

    private final CaptureDocumentLoader loader;
    private final CaptureLocator locator;
    private final ExplainTexts explainTexts;

    public DriftService(CaptureDocumentLoader loader, CaptureLocator locator, ExplainTexts explainTexts) {
        this.loader = loader;
        this.locator = locator;
        this.explainTexts = explainTexts;
    }

    /**
     * The full report between two stored captures of the same plan (with the diverging rules' output texts).
     *
     * @throws ProblemException not-found for an unknown id; capture-plan-mismatch when they belong to two plans
     */
    public DriftReport between(UUID from, UUID to, double tolerance) {
        Map<UUID, CaptureDocuments> loaded = loader.load(List.of(from, to));
        CaptureDocuments a = found(loaded, from);
        CaptureDocuments b = found(loaded, to);
        if (!a.planName().equals(b.planName())) {
            throw new ProblemException(ProblemType.CAPTURE_PLAN_MISMATCH, "Capture " + from + " is of plan '"
                    + a.planName() + "', capture " + to + " of plan '" + b.planName() + "'.");
        }
        return withOutputs(List.of(DriftCalculator.compute(a, b, tolerance))).get(0);
    }

    /**
     * GET /v1/plans/{plan}/drift: without ids the two latest captures in {@code environment}; with only {@code to}
     * that capture against the one before it in its environment; with only {@code from} that capture against the
     * latest in its environment; with {@code fromEnvironment} and {@code toEnvironment} (not with ids) the latest
     * capture of the plan in each.
     */
    public DriftReport forPlan(String planName, UUID from, UUID to, String environment, String fromEnvironment,
            String toEnvironment, double tolerance) {
        boolean ids = from != null || to != null;
        boolean environments = fromEnvironment != null || toEnvironment != null;
        if (ids && environments) {
            throw ProblemException.invalid("Give capture ids (from, to) or environments (from_environment,"
                    + " to_environment), not both.");
        }
        if (environments && (fromEnvironment == null || toEnvironment == null)) {
            throw ProblemException.invalid("from_environment and to_environment go together.");
        }
        long planId = locator.planId(planName)
                .orElseThrow(() -> ProblemException.notFound("No plan named '" + planName + "'."));
        if (environments) {
            UUID a = latestIn(planId, planName, fromEnvironment);
            UUID b = latestIn(planId, planName, toEnvironment);
            return between(a, b, tolerance);
        }
        if (from != null && to != null) return between(ofPlan(planName, from).id(), ofPlan(planName, to).id(), tolerance);
        if (to != null) {
            CaptureLocator.Located newer = ofPlan(planName, to);
            CaptureLocator.Located older = locator.before(newer).orElseThrow(() -> nothing("Capture " + to
                    + " is the first capture of plan '" + planName + "' in environment '" + newer.environment() + "'."));
            return between(older.id(), newer.id(), tolerance);
        }
        if (from != null) {
            CaptureLocator.Located older = ofPlan(planName, from);
            UUID latest = latestIn(planId, planName, older.environment());
            if (latest.equals(from)) {
                throw nothing("Capture " + from + " is the latest capture of plan '" + planName + "' in environment '"
                        + older.environment() + "'.");
            }
            return between(from, latest, tolerance);
        }
        List<CaptureLocator.Located> latest = locator.latest(planId, environment, 2);
        if (latest.size() < 2) {
            throw nothing("Plan '" + planName + "' has " + latest.size() + " capture(s) in environment '" + environment
                    + "'; a drift report needs two.");
        }
        return between(latest.get(1).id(), latest.get(0).id(), tolerance);
    }

    /** Reports with the diverging rules' output texts, fetched for all of them in one query. */
    List<DriftReport> withOutputs(List<DriftCalculator.Computed> computed) {
        List<ExplainTexts.RowRef> rows = new ArrayList<>();
        for (DriftCalculator.Computed c : computed) {
            for (RuleDivergenceFinder.Divergence d : List.of(c.logical(), c.physical())) {
                if (d.fromOrdinal() >= 0 && c.from().explainKey() != null) {
                    rows.add(new ExplainTexts.RowRef(c.from().explainKey(), d.fromOrdinal()));
                }
                if (d.toOrdinal() >= 0 && c.to().explainKey() != null) {
                    rows.add(new ExplainTexts.RowRef(c.to().explainKey(), d.toOrdinal()));
                }
            }
        }
        Map<String, String> texts = explainTexts.texts(rows);
        List<DriftReport> reports = new ArrayList<>();
        for (DriftCalculator.Computed c : computed) {
            fill(c.logical(), c, texts);
            fill(c.physical(), c, texts);
            reports.add(c.report());
        }
        return reports;
    }

    private static void fill(RuleDivergenceFinder.Divergence d, DriftCalculator.Computed c, Map<String, String> texts) {
        RuleDivergence divergence = d.divergence();
        if (d.fromOrdinal() >= 0 && c.from().explainKey() != null) {
            divergence.setFromOutput(texts.get(new ExplainTexts.RowRef(c.from().explainKey(), d.fromOrdinal()).id()));
        }
        if (d.toOrdinal() >= 0 && c.to().explainKey() != null) {
            divergence.setToOutput(texts.get(new ExplainTexts.RowRef(c.to().explainKey(), d.toOrdinal()).id()));
        }
    }

    private CaptureLocator.Located ofPlan(String planName, UUID id) {
        CaptureLocator.Located capture = locator.capture(id)
                .orElseThrow(() -> ProblemException.notFound("No capture " + id + "."));
        if (!capture.planName().equals(planName)) {
            throw new ProblemException(ProblemType.CAPTURE_PLAN_MISMATCH, "Capture " + id + " is of plan '"
                    + capture.planName() + "', not '" + planName + "'.");
        }
        return capture;
    }

    private UUID latestIn(long planId, String planName, String environment) {
        return locator.latest(planId, environment, 1).stream().findFirst().map(CaptureLocator.Located::id)
                .orElseThrow(() -> nothing("Plan '" + planName + "' has no capture in environment '" + environment
                        + "'."));
    }

    private static CaptureDocuments found(Map<UUID, CaptureDocuments> loaded, UUID id) {
        CaptureDocuments documents = loaded.get(id);
        if (documents == null) throw ProblemException.notFound("No capture " + id + ".");
        return documents;
    }

    private static ProblemException nothing(String detail) {
        return new ProblemException(ProblemType.NOTHING_TO_COMPARE, detail);
    }
}
