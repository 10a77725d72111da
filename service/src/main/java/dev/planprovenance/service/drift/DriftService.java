package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
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
    /** The scan name of the plan root's estimate among statistics changes (derived, not an input of the plan). */
    public static final String STATISTICS_ROOT = StatisticsDiff.ROOT;

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
        DriftCalculator.Texts texts = texts(a, b);
        DriftCalculator.Computed computed = DriftCalculator.compute(a, b, tolerance, texts);
        if (texts != null) fillOutputs(computed, texts);
        return computed.report();
    }

    /**
     * The report between two captures' documents however they were obtained (e.g. a golden bundle kept in a file
     * against a new capture): compared by documents, hashes and fingerprints, without EXPLAIN row texts.
     */
    public DriftReport between(CaptureDocuments from, CaptureDocuments to, double tolerance) {
        return DriftCalculator.compute(from, to, tolerance).report();
    }

    /** Both captures' verbose EXPLAIN texts (one query); null when a capture has no explain. */
    private DriftCalculator.Texts texts(CaptureDocuments a, CaptureDocuments b) {
        if (a.explainKey() == null || b.explainKey() == null) return null;
        Map<String, Map<Integer, String>> texts = explainTexts.verbose(List.of(a.explainKey(), b.explainKey()));
        return new DriftCalculator.Texts(texts.getOrDefault(ExplainTexts.hex(a.explainKey()), Map.of()),
                texts.getOrDefault(ExplainTexts.hex(b.explainKey()), Map.of()));
    }

    /** The diverging rules' output texts, as DataFusion printed them. */
    private static void fillOutputs(DriftCalculator.Computed c, DriftCalculator.Texts texts) {
        for (RuleDivergenceFinder.Divergence d : List.of(c.logical(), c.physical())) {
            if (d.fromOrdinal() >= 0) d.divergence().setFromOutput(texts.from().get(d.fromOrdinal()));
            if (d.toOrdinal() >= 0) d.divergence().setToOutput(texts.to().get(d.toOrdinal()));
        }
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
