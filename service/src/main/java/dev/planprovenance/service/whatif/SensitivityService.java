package dev.planprovenance.service.whatif;

import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.FirstDivergingRule;
import dev.planprovenance.service.api.model.Recapture;
import dev.planprovenance.service.api.model.RuleDivergence;
import dev.planprovenance.service.api.model.SensitivityRequest;
import dev.planprovenance.service.api.model.SensitivitySweep;
import dev.planprovenance.service.api.model.SensitivityTrial;
import dev.planprovenance.service.capture.CaptureReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Config sensitivity: the source capture's request captured once per (key, value) of the sweep, each time with only
 * that key changed, and which keys moved the plan. Everything that can be refused is refused before the first
 * capture (unknown source, the sweep's bounds, unknown keys, values the engine refuses: {@link SweepPreflight}), so a
 * refused sweep stores nothing.
 *
 * <p>Each trial is an ordinary capture and commits on its own, as POST /v1/captures does; the sweep and its trials
 * are stored in one transaction once every trial is captured. Not one transaction around the whole sweep: it would
 * hold a database connection through up to a thousand planning passes, and, with the drift feed, the per-(plan,
 * environment) lock its capture trigger takes, stalling every other capture of the plan in that environment until
 * the sweep ends. A trial that fails anyway (a runtime fault, the pool exhausted) fails the sweep: the trials
 * captured before it stay stored as what-if captures labelled with the sweep's id, and no sweep is stored.
 */
@Service
public class SensitivityService {
    /** Label of every capture of a sweep: the sweep's id. */
    static final String SENSITIVITY_SWEEP = "sensitivity_sweep";

    private final CaptureReader reader;
    private final RecaptureService recaptures;
    private final SweepPreflight preflight;
    private final SweepStore store;
    private final TransactionTemplate transaction;

    public SensitivityService(CaptureReader reader, RecaptureService recaptures, SweepPreflight preflight,
            SweepStore store, PlatformTransactionManager transactions) {
        this.reader = reader;
        this.recaptures = recaptures;
        this.preflight = preflight;
        this.store = store;
        this.transaction = new TransactionTemplate(transactions);
    }

    public SensitivitySweep sweep(UUID sourceId, SensitivityRequest body) {
        Capture source = reader.capture(sourceId);
        SweepPlan plan = SweepPlan.of(body.getKeys());
        preflight.check(source, plan);
        UUID id = UUID.randomUUID();
        // When the sweep started; the answer is the sweep read back as stored, as GET lists it.
        OffsetDateTime created = OffsetDateTime.now(ZoneOffset.UTC);
        String environment = body.getEnvironment() == null ? WhatIf.DEFAULT_ENVIRONMENT : body.getEnvironment();
        List<SensitivityTrial> trials = new ArrayList<>();
        for (SweepPlan.Trial trial : plan.trials()) {
            WhatIf whatIf = new WhatIf(null, Map.of(trial.key(), trial.value()), null, environment,
                    Map.of(SENSITIVITY_SWEEP, id.toString()));
            trials.add(trial(trial, recaptures.recapture(source, whatIf)));
        }
        return transaction.execute(status -> {
            store.insert(id, sourceId, created, request(body, environment), trials);
            return store.sweep(id);
        });
    }

    public List<SensitivitySweep> sweeps(String planName) {
        return store.sweeps(planName);
    }

    /** A trial moved the plan when its drift report names a changed output (logical or physical plan). */
    private static SensitivityTrial trial(SweepPlan.Trial planned, Recapture recapture) {
        DriftReport drift = recapture.getDrift();
        boolean planChanged = !drift.getCause().getOutputsChanged().isEmpty();
        SensitivityTrial trial = new SensitivityTrial(planned.key(), planned.value(), recapture.getCapture().getId(),
                planChanged, Boolean.TRUE.equals(drift.getIdentityChanged()));
        trial.setFirstDivergingRule(withoutOutputs(drift.getFirstDivergingRule()));
        trial.setSummary(drift.getCause().getSummary());
        return trial;
    }

    /**
     * Where the stages diverged, without the diverging rule's output texts: a sweep is a summary of up to a thousand
     * trials, each text a whole plan rendering, and the full report of a trial is one GET away
     * (/v1/plans/{plan_name}/drift?from=source&to=trial capture).
     */
    private static FirstDivergingRule withoutOutputs(FirstDivergingRule rules) {
        if (rules == null) return null;
        return new FirstDivergingRule(withoutOutputs(rules.getLogical()), withoutOutputs(rules.getPhysical()));
    }

    private static RuleDivergence withoutOutputs(RuleDivergence divergence) {
        if (divergence == null) return null;
        RuleDivergence kept = new RuleDivergence(divergence.getStage(), divergence.getKind());
        kept.setRule(divergence.getRule());
        kept.setPosition(divergence.getPosition());
        kept.setPresentIn(divergence.getPresentIn());
        return kept;
    }

    /** The sweep as asked, kept with it. */
    private static Map<String, Object> request(SensitivityRequest body, String environment) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("keys", body.getKeys());
        request.put("environment", environment);
        return request;
    }
}
