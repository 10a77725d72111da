package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftComponents;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.EngineBuildDrift;
import dev.planprovenance.service.api.model.FirstDivergingRule;
import dev.planprovenance.service.api.model.PlanTreeDrift;
import dev.planprovenance.service.store.Component;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The drift report of two loaded captures, computed from their documents alone (no database): every component's
 * diff, the first diverging rules, and the cause. The rule outputs' texts are not in the documents; the report
 * carries the ordinals of their verbose EXPLAIN rows ({@link Computed}) for the caller to fill in, or not.
 */
final class DriftCalculator {
    private DriftCalculator() {}

    record Computed(DriftReport report, CaptureDocuments from, CaptureDocuments to,
            RuleDivergenceFinder.Divergence logical, RuleDivergenceFinder.Divergence physical) {}

    static Computed compute(CaptureDocuments from, CaptureDocuments to, double tolerance) {
        String plans = Component.PLANS.apiName();
        String explain = Component.EXPLAIN.apiName();
        EngineBuildDrift engineBuild = EngineBuildDiff.diff(from.document(Component.AUDIT.apiName()),
                to.document(Component.AUDIT.apiName()));
        StatisticsDiff.Result statistics = StatisticsDiff.diff(from.document(Component.STATISTICS.apiName()),
                to.document(Component.STATISTICS.apiName()), tolerance);
        PlanTreeDrift logicalTree = PlanTreeDrifts.diff(from.document(PlanTreeDrifts.COMPONENT),
                to.document(PlanTreeDrifts.COMPONENT), "logical");
        PlanTreeDrift physicalTree = PlanTreeDrifts.diff(from.document(PlanTreeDrifts.COMPONENT),
                to.document(PlanTreeDrifts.COMPONENT), "physical");
        DriftComponents components = new DriftComponents(
                PlanningEnvDiff.diff(from.document(Component.PLANNING_ENV.apiName()),
                        to.document(Component.PLANNING_ENV.apiName())),
                engineBuild,
                RulepackDiff.diff(from.document(Component.RULEPACK.apiName()),
                        to.document(Component.RULEPACK.apiName())),
                logicalTree, physicalTree, statistics.drift(),
                SchemaDiff.diff(from.document(Component.SCHEMA.apiName()), to.document(Component.SCHEMA.apiName())),
                UdfDiff.diff(from.document(Component.UDFS.apiName()), to.document(Component.UDFS.apiName())),
                DeltaDiff.diff(from.document("delta"), to.document("delta")),
                SerializationDiff.diff(from.document(plans), to.document(plans)));
        RuleDivergenceFinder.Divergence logical = RuleDivergenceFinder.find(RuleDivergenceFinder.Stage.LOGICAL,
                from.document(explain), to.document(explain));
        RuleDivergenceFinder.Divergence physical = RuleDivergenceFinder.find(RuleDivergenceFinder.Stage.PHYSICAL,
                from.document(explain), to.document(explain));
        FirstDivergingRule rules = new FirstDivergingRule(logical.divergence(), physical.divergence());
        boolean logicalChanged = fingerprintDiffers(from.document(plans), to.document(plans), "logical_fingerprint");
        boolean physicalChanged = fingerprintDiffers(from.document(plans), to.document(plans), "physical_fingerprint");
        CauseCalculator.Facts facts = new CauseCalculator.Facts(!Objects.equals(from.sqlText(), to.sqlText()),
                from.summary().getIdentity(), to.summary().getIdentity(),
                engineBuild.getStatus() == DriftStatus.CHANGED, statistics.inputChanged(),
                statistics.drift().getStatus() == DriftStatus.NOISE, logicalChanged, physicalChanged);
        DriftReport report = new DriftReport(from.planName(), from.summary(), to.summary(),
                !Objects.equals(from.summary().getIdentity().getPlanIdentityHash(),
                        to.summary().getIdentity().getPlanIdentityHash()),
                CauseCalculator.cause(facts, components, rules), rules, components);
        return new Computed(report, from, to, logical, physical);
    }

    private static boolean fingerprintDiffers(JsonNode from, JsonNode to, String field) {
        return !Objects.equals(Json.text(from.path(field)), Json.text(to.path(field)));
    }
}
