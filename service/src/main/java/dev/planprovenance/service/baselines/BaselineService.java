package dev.planprovenance.service.baselines;

import dev.planprovenance.service.api.model.Baseline;
import dev.planprovenance.service.api.model.BaselineApproval;
import dev.planprovenance.service.api.model.BaselineEvent;
import dev.planprovenance.service.api.model.BaselineHistory;
import dev.planprovenance.service.drift.CaptureLocator;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Baselines: approve a capture of a plan as the plan's baseline in an environment (replacing the one in force),
 * retire it, read it with its history. Every change is appended to the history, never rewritten.
 */
@Service
public class BaselineService {
    private final BaselineStore store;
    private final CaptureLocator captures;
    private final TransactionTemplate transaction;

    BaselineService(BaselineStore store, CaptureLocator captures, PlatformTransactionManager transactions) {
        this.store = store;
        this.captures = captures;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** A baseline in force: its history row and the plan it belongs to. */
    record Current(BaselineStore.Event event) {
        boolean expired(OffsetDateTime now) {
            return event.expiresAt() != null && !event.expiresAt().isAfter(now);
        }
    }

    /**
     * @throws ProblemException not-found for an unknown capture; baseline-mismatch for a capture of another plan or
     *     environment; invalid-request for a malformed tolerance
     */
    public BaselineHistory approve(String planName, String environment, BaselineApproval approval) {
        var tolerances = Tolerance.toApi(Tolerance.parse(approval.getTolerances()));
        CaptureLocator.Located capture = captures.capture(approval.getCaptureId())
                .orElseThrow(() -> ProblemException.notFound("No capture " + approval.getCaptureId() + "."));
        if (!capture.planName().equals(planName) || !capture.environment().equals(environment)) {
            throw new ProblemException(ProblemType.BASELINE_MISMATCH, "Capture " + capture.id() + " is of plan '"
                    + capture.planName() + "' in environment '" + capture.environment() + "'; a baseline of plan '"
                    + planName + "' in environment '" + environment + "' must be a capture of that plan there.");
        }
        long planId = planId(planName);
        transaction.executeWithoutResult(status -> {
            store.lock(planId, environment);
            Optional<BaselineStore.Event> replaced = store.latest(planId, environment).filter(BaselineStore.Event::approved);
            store.append(planId, environment, BaselineStore.APPROVED, capture.id(),
                    replaced.map(BaselineStore.Event::captureId).orElse(null), approval.getApprovedBy(),
                    approval.getReason(), approval.getExpiresAt(), tolerances);
        });
        return history(planName, environment);
    }

    /** @throws ProblemException not-found when no baseline is in force */
    public BaselineHistory retire(String planName, String environment, String retiredBy, String reason) {
        long planId = planId(planName);
        transaction.executeWithoutResult(status -> {
            store.lock(planId, environment);
            BaselineStore.Event current = store.latest(planId, environment).filter(BaselineStore.Event::approved)
                    .orElseThrow(() -> ProblemException.notFound("Plan '" + planName + "' has no baseline in force in"
                            + " environment '" + environment + "'."));
            store.append(planId, environment, BaselineStore.RETIRED, current.captureId(), null, retiredBy, reason,
                    null, java.util.Map.of());
        });
        return history(planName, environment);
    }

    /** @throws ProblemException not-found for an unknown plan or one never given a baseline in the environment */
    public BaselineHistory history(String planName, String environment) {
        long planId = planId(planName);
        var events = store.history(planId, environment);
        if (events.isEmpty()) {
            throw ProblemException.notFound("No baseline was ever approved for plan '" + planName
                    + "' in environment '" + environment + "'.");
        }
        BaselineHistory out = new BaselineHistory(planName, environment,
                events.stream().map(BaselineService::event).toList());
        BaselineStore.Event latest = events.get(events.size() - 1);
        if (latest.approved()) out.setCurrent(baseline(latest, OffsetDateTime.now()));
        return out;
    }

    /** The baseline in force for a plan in an environment, if any (for checks). */
    Optional<Current> current(String planName, String environment) {
        return captures.planId(planName).flatMap(id -> store.latest(id, environment))
                .filter(BaselineStore.Event::approved).map(Current::new);
    }

    static Baseline baseline(BaselineStore.Event e, OffsetDateTime now) {
        Baseline b = new Baseline(e.captureId(), e.actor(), e.reason(), e.at(),
                e.expiresAt() != null && !e.expiresAt().isAfter(now), e.tolerances());
        b.setExpiresAt(e.expiresAt());
        return b;
    }

    private static BaselineEvent event(BaselineStore.Event e) {
        BaselineEvent out = new BaselineEvent(BaselineEvent.ActionEnum.fromValue(e.action()), e.captureId(), e.actor(),
                e.reason(), e.at());
        out.setReplacesCaptureId(e.replacesCaptureId());
        out.setExpiresAt(e.expiresAt());
        if (e.approved()) out.setTolerances(e.tolerances());
        return out;
    }

    private long planId(String planName) {
        return captures.planId(planName)
                .orElseThrow(() -> ProblemException.notFound("No plan named '" + planName + "'."));
    }
}
