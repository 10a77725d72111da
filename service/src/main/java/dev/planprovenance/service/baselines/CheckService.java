package dev.planprovenance.service.baselines;

import dev.planprovenance.service.api.model.CaptureRequest;
import dev.planprovenance.service.api.model.CheckBatchResult;
import dev.planprovenance.service.api.model.CheckRequest;
import dev.planprovenance.service.api.model.CheckResult;
import dev.planprovenance.service.api.model.CheckVerdict;
import dev.planprovenance.service.api.model.CheckedComponent;
import dev.planprovenance.service.api.model.ComponentCheck;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.capture.CaptureService;
import dev.planprovenance.service.drift.CaptureLocator;
import dev.planprovenance.service.drift.DriftService;
import dev.planprovenance.service.problem.ProblemException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The CI gate: a capture (stored, or captured from a request exactly as POST /v1/captures does) checked against its
 * plan's baseline in its environment, component by component, from the drift report between the two. Every check is
 * stored.
 */
@Service
public class CheckService {
    /** Worst first: the overall verdict of several is the first of these that occurs. */
    private static final List<CheckVerdict> SEVERITY = List.of(CheckVerdict.FAIL, CheckVerdict.BASELINE_EXPIRED,
            CheckVerdict.NO_BASELINE, CheckVerdict.TOLERATED, CheckVerdict.PASS);

    private final CaptureService captures;
    private final CaptureLocator locator;
    private final BaselineService baselines;
    private final DriftService drift;
    private final CheckStore store;

    CheckService(CaptureService captures, CaptureLocator locator, BaselineService baselines, DriftService drift,
            CheckStore store) {
        this.captures = captures;
        this.locator = locator;
        this.baselines = baselines;
        this.drift = drift;
        this.store = store;
    }

    public CheckResult check(CheckRequest request) {
        validate(request, "");
        return checkOne(request, null);
    }

    /** Every entry is validated before anything is captured, then checked in order. */
    public CheckBatchResult batch(List<CheckRequest> requests) {
        for (int i = 0; i < requests.size(); i++) validate(requests.get(i), "checks[" + i + "]: ");
        UUID batchId = UUID.randomUUID();
        List<CheckResult> results = new ArrayList<>();
        for (CheckRequest request : requests) results.add(checkOne(request, batchId));
        return new CheckBatchResult(worst(results.stream().map(CheckResult::getVerdict).toList()), results);
    }

    /** The overall verdict: the worst of the given ones (pass when there are none). */
    static CheckVerdict worst(List<CheckVerdict> verdicts) {
        return SEVERITY.stream().filter(verdicts::contains).findFirst().orElse(CheckVerdict.PASS);
    }

    private CheckResult checkOne(CheckRequest request, UUID batchId) {
        UUID captureId = request.getCaptureId() != null ? request.getCaptureId()
                : captures.capture(captureRequest(request)).getId();
        CaptureLocator.Located capture = locator.capture(captureId)
                .orElseThrow(() -> ProblemException.notFound("No capture " + captureId + "."));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        CheckResult result = new CheckResult(UUID.randomUUID(), capture.planName(), capture.environment(), capture.id(),
                CheckVerdict.PASS, List.of(), now);
        var current = baselines.current(capture.planName(), capture.environment());
        if (current.isEmpty()) {
            result.setComponents(ComponentVerdicts.all(CheckVerdict.NO_BASELINE, "Plan '" + capture.planName()
                    + "' has no baseline in environment '" + capture.environment() + "'; approve one with PUT /v1/plans/"
                    + capture.planName() + "/baselines/" + capture.environment() + "."));
        } else {
            BaselineStore.Event baseline = current.get().event();
            result.setBaseline(BaselineService.baseline(baseline, now));
            if (current.get().expired(now)) {
                result.setComponents(ComponentVerdicts.all(CheckVerdict.BASELINE_EXPIRED, "The baseline (capture "
                        + baseline.captureId() + ", approved by " + baseline.actor() + ") expired at "
                        + baseline.expiresAt() + "; approve it again or approve a new one."));
            } else {
                Map<CheckedComponent, Tolerance> tolerances = Tolerance.parse(baseline.tolerances());
                DriftReport report = drift.between(baseline.captureId(), capture.id(), statisticsTolerance(tolerances));
                result.setDrift(report);
                result.setComponents(ComponentVerdicts.of(report, tolerances));
            }
        }
        result.setVerdict(worst(result.getComponents().stream().map(ComponentCheck::getVerdict).toList()));
        store.insert(result, batchId, current.map(c -> c.event().id()).orElse(null));
        return result;
    }

    /**
     * The drift report's relative statistics tolerance: none for exact (every change is reported as a change), the
     * upper distance of the factor for {@code within} (the verdict itself checks [1/f, f] on the reported ratios).
     */
    private static double statisticsTolerance(Map<CheckedComponent, Tolerance> tolerances) {
        Tolerance t = tolerances.getOrDefault(CheckedComponent.STATISTICS, Tolerance.EXACT);
        return switch (t.kind()) {
            case EXACT -> 0.0;
            case IGNORE -> DriftService.DEFAULT_TOLERANCE;
            case WITHIN -> t.factor() - 1;
        };
    }

    private static void validate(CheckRequest r, String where) {
        boolean requestGiven = r.getPlanName() != null || r.getSql() != null || r.getEnvironment() != null
                || r.getProfile() != null || !r.getTables().isEmpty() || !r.getConfig().isEmpty() || !r.getLabels().isEmpty();
        if (r.getCaptureId() != null && requestGiven) {
            throw ProblemException.invalid(where + "give capture_id alone, or a capture request (plan_name, sql, ...),"
                    + " not both.");
        }
        if (r.getCaptureId() == null && (r.getPlanName() == null || r.getSql() == null)) {
            throw ProblemException.invalid(where + "a check needs capture_id, or a capture request with plan_name and"
                    + " sql.");
        }
    }

    private static CaptureRequest captureRequest(CheckRequest r) {
        CaptureRequest out = new CaptureRequest(r.getPlanName(), r.getSql());
        if (r.getEnvironment() != null) out.setEnvironment(r.getEnvironment());
        if (r.getProfile() != null) out.setProfile(r.getProfile());
        out.setTables(r.getTables());
        out.setConfig(r.getConfig());
        out.setLabels(r.getLabels());
        return out;
    }
}
