package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftComponents;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.EngineBuildDrift;
import dev.planprovenance.service.api.model.FirstDivergingRule;
import dev.planprovenance.service.api.model.PlanTreeDrift;
import dev.planprovenance.service.store.Component;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The drift report of two loaded captures, computed from their documents alone (no database): every component's
 * diff, the first diverging rules, and the cause. A plan output changed when its fingerprint differs, unless the
 * operator trees (plan-tree) are equal or, with the EXPLAIN texts, the final plans are equal once declared scan
 * statistics are masked: both fingerprints encode a schema-only table's declared statistics, so a statistic alone
 * changes them without changing what the plan does. The rule outputs' texts are not in the documents; the report
 * carries the ordinals of their verbose EXPLAIN rows ({@link Computed}) for the caller to fill in, or not.
 */
final class DriftCalculator {
    private DriftCalculator() {}

    record Computed(DriftReport report, CaptureDocuments from, CaptureDocuments to,
            RuleDivergenceFinder.Divergence logical, RuleDivergenceFinder.Divergence physical) {}

    /**
     * The verbose EXPLAIN texts of both captures by ordinal (null: not fetched). With them, plans are compared with
     * declared scan statistics masked ({@link ScanStatistics}); without them, by hashes and fingerprints alone.
     */
    record Texts(Map<Integer, String> from, Map<Integer, String> to) {
        Map<Integer, String> maskedFrom() {
            return masked(from);
        }

        Map<Integer, String> maskedTo() {
            return masked(to);
        }

        private static Map<Integer, String> masked(Map<Integer, String> texts) {
            Map<Integer, String> out = new HashMap<>();
            texts.forEach((ordinal, text) -> out.put(ordinal, ScanStatistics.masked(text)));
            return out;
        }
    }

    static Computed compute(CaptureDocuments from, CaptureDocuments to, double tolerance) {
        return compute(from, to, tolerance, null);
    }

    static Computed compute(CaptureDocuments from, CaptureDocuments to, double tolerance, Texts texts) {
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
        Map<Integer, String> fromStates = texts == null ? null : texts.maskedFrom();
        Map<Integer, String> toStates = texts == null ? null : texts.maskedTo();
        JsonNode fromExplain = from.document(explain);
        JsonNode toExplain = to.document(explain);
        RuleDivergenceFinder.Divergence logical = RuleDivergenceFinder.find(RuleDivergenceFinder.Stage.LOGICAL,
                fromExplain, toExplain, fromStates, toStates);
        RuleDivergenceFinder.Divergence physical = RuleDivergenceFinder.find(RuleDivergenceFinder.Stage.PHYSICAL,
                fromExplain, toExplain, fromStates, toStates);
        FirstDivergingRule rules = new FirstDivergingRule(logical.divergence(), physical.divergence());
        boolean logicalChanged = fingerprintDiffers(from.document(plans), to.document(plans), "logical_fingerprint")
                && finalPlanDiffers(fromExplain, toExplain, fromStates, toStates, "logical_plan")
                && logicalTree.getStatus() != DriftStatus.UNCHANGED;
        boolean physicalChanged = fingerprintDiffers(from.document(plans), to.document(plans), "physical_fingerprint")
                && finalPlanDiffers(fromExplain, toExplain, fromStates, toStates, "physical_plan")
                && physicalTree.getStatus() != DriftStatus.UNCHANGED;
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

    /** Without texts the fingerprints decide; with them, the final plan texts with scan statistics masked. */
    private static boolean finalPlanDiffers(JsonNode fromExplain, JsonNode toExplain, Map<Integer, String> fromStates,
            Map<Integer, String> toStates, String planType) {
        if (fromStates == null || toStates == null) return true;
        int a = RuleDivergenceFinder.ordinal(fromExplain, planType);
        int b = RuleDivergenceFinder.ordinal(toExplain, planType);
        if (a < 0 || b < 0) return true;
        return !Objects.equals(fromStates.get(a), toStates.get(b));
    }

    private static boolean fingerprintDiffers(JsonNode from, JsonNode to, String field) {
        return !Objects.equals(Json.text(from.path(field)), Json.text(to.path(field)));
    }
}
