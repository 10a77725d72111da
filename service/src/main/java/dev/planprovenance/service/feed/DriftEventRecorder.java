package dev.planprovenance.service.feed;

import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.FirstDivergingRule;
import dev.planprovenance.service.api.model.RuleDivergence;
import dev.planprovenance.service.capture.CaptureLabels;
import dev.planprovenance.service.drift.DriftService;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Records a drift event for a capture that was just committed, when its plan's identity changed since the capture
 * before it in its environment. Whether it changed, and which capture came before, the statement that inserted the
 * capture row decided (V10), so concurrent captures of one plan neither miss nor repeat an event; this adds one
 * primary-key lookup to a capture whose identity did not change, and the drift report only to one whose identity
 * changed. A failure here never fails the capture (it is stored and answered already): it is logged and counted, and
 * the capture row still says that an event is due.
 */
@Service
public class DriftEventRecorder {
    private static final Logger log = LoggerFactory.getLogger(DriftEventRecorder.class);

    private final DriftEventStore events;
    private final DriftService drift;
    private final DriftFeedMetrics metrics;

    public DriftEventRecorder(DriftEventStore events, DriftService drift, DriftFeedMetrics metrics) {
        this.events = events;
        this.drift = drift;
        this.metrics = metrics;
    }

    /** Never throws: the capture is committed whatever happens here. */
    public void afterCapture(Capture stored) {
        try {
            // A what-if is an experiment on a stored request, a repeat audit an observation of one request: neither is
            // a change that happened to the plan.
            if (CaptureLabels.notAChange(stored.getLabels())) return;
            Optional<UUID> from = events.driftFrom(stored.getId());
            if (from.isEmpty()) return;
            record(stored.getPlanName(), stored.getEnvironment(), from.get(), stored.getId());
        } catch (RuntimeException e) {
            metrics.failed();
            log.warn("Drift event for capture {} of plan '{}' not recorded", stored.getId(), stored.getPlanName(), e);
        }
    }

    private void record(String planName, String environment, UUID from, UUID to) {
        DriftReport report = drift.between(from, to, DriftService.DEFAULT_TOLERANCE);
        if (events.record(planName, environment, from, to, report.getCause(),
                withoutOutputs(report.getFirstDivergingRule()))) {
            metrics.recorded(report.getCause());
        }
    }

    /**
     * The event keeps where the optimizer first diverged, not the two rule outputs (whole plans as EXPLAIN prints
     * them, several KB each): a feed page of 50 events with them was hundreds of KB for dashboards that poll it, and
     * the drift report of the event's capture has them.
     */
    public static FirstDivergingRule withoutOutputs(FirstDivergingRule rule) {
        if (rule == null) return null;
        return new FirstDivergingRule(pointer(rule.getLogical()), pointer(rule.getPhysical()));
    }

    private static RuleDivergence pointer(RuleDivergence d) {
        if (d == null) return null;
        return new RuleDivergence(d.getStage(), d.getKind()).rule(d.getRule()).position(d.getPosition())
                .presentIn(d.getPresentIn());
    }
}
