package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.CauseSummary;
import dev.planprovenance.service.api.model.CauseSummary.InputsChangedEnum;
import dev.planprovenance.service.api.model.CauseSummary.OutputsChangedEnum;
import dev.planprovenance.service.api.model.CauseSummary.VerdictEnum;
import dev.planprovenance.service.api.model.DriftComponents;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.FirstDivergingRule;
import dev.planprovenance.service.api.model.PlanIdentity;
import dev.planprovenance.service.api.model.RuleDivergence;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which inputs and outputs of the plan changed, the verdict, and one sentence for people. Inputs are decided by the
 * hashes that describe them (planning_env_hash covers only the keys that shape plans, so a display-only key does not
 * count), statistics by the scans beyond the tolerance, the engine build by its versions, the SQL by its text.
 * Outputs are the optimized logical plan's and the physical plan's fingerprints.
 */
final class CauseCalculator {
    private CauseCalculator() {}

    record Facts(boolean sqlChanged, PlanIdentity from, PlanIdentity to, boolean engineBuildChanged,
            boolean statisticsChanged, boolean statisticsNoise, boolean logicalChanged, boolean physicalChanged) {}

    static CauseSummary cause(Facts facts, DriftComponents components, FirstDivergingRule rules) {
        List<InputsChangedEnum> inputs = new ArrayList<>();
        if (facts.sqlChanged()) inputs.add(InputsChangedEnum.SQL);
        if (planningEnvChanged(facts, components)) inputs.add(InputsChangedEnum.PLANNING_ENV);
        if (facts.engineBuildChanged()) inputs.add(InputsChangedEnum.ENGINE_BUILD);
        if (differs(facts.from().getRulepackHash(), facts.to().getRulepackHash())) inputs.add(InputsChangedEnum.RULEPACK);
        if (facts.statisticsChanged()) inputs.add(InputsChangedEnum.STATISTICS);
        if (differs(facts.from().getInformationSchemaHash(), facts.to().getInformationSchemaHash())) {
            inputs.add(InputsChangedEnum.SCHEMA);
        }
        if (differs(facts.from().getUdfCatalogHash(), facts.to().getUdfCatalogHash())) inputs.add(InputsChangedEnum.UDFS);
        if (!Objects.equals(facts.from().getDeltaSnapshotHash(), facts.to().getDeltaSnapshotHash())) {
            inputs.add(InputsChangedEnum.DELTA);
        }
        List<OutputsChangedEnum> outputs = new ArrayList<>();
        if (facts.logicalChanged()) outputs.add(OutputsChangedEnum.LOGICAL_PLAN);
        if (facts.physicalChanged()) outputs.add(OutputsChangedEnum.PHYSICAL_PLAN);
        VerdictEnum verdict = inputs.isEmpty()
                ? (outputs.isEmpty() ? VerdictEnum.UNCHANGED : VerdictEnum.NONDETERMINISTIC)
                : (outputs.isEmpty() ? VerdictEnum.ABSORBED : VerdictEnum.DRIFT);
        CauseSummary cause = new CauseSummary(verdict, inputs, outputs,
                summary(verdict, inputs, outputs, components, rules, facts.statisticsNoise()));
        if (facts.statisticsNoise()) cause.setStatisticsNoise(true);
        return cause;
    }

    /**
     * planning_env_hash covers the plan-shaping config keys, but also the disabled rules and DataFusion's version,
     * which the rulepack and the engine build name themselves: the planning env counts when a plan-shaping key
     * changed (or, without both documents, when the hash differs).
     */
    private static boolean planningEnvChanged(Facts facts, DriftComponents components) {
        if (!differs(facts.from().getPlanningEnvHash(), facts.to().getPlanningEnvHash())) return false;
        if (components.getPlanningEnv().getStatus() == DriftStatus.UNAVAILABLE) return true;
        return components.getPlanningEnv().getChanges().stream().anyMatch(c -> Boolean.TRUE.equals(c.getShapesPlans()));
    }

    /** A hash both captures have and that differs (a capture from before a component existed cannot say). */
    private static boolean differs(String a, String b) {
        return a != null && b != null && !a.equals(b);
    }

    private static String summary(VerdictEnum verdict, List<InputsChangedEnum> inputs,
            List<OutputsChangedEnum> outputs, DriftComponents c, FirstDivergingRule rules, boolean noise) {
        String noiseNote = noise ? " (statistics moved within the tolerance only)" : "";
        if (verdict == VerdictEnum.UNCHANGED) return "Nothing changed" + noiseNote + ".";
        List<String> parts = new ArrayList<>();
        for (InputsChangedEnum input : inputs) parts.add(input.getValue() + " changed" + detail(input, c));
        String plan = outputs.isEmpty() ? "the plan did not change (absorbed)" : String.join("; ", outputParts(outputs, rules));
        if (verdict == VerdictEnum.NONDETERMINISTIC) {
            return "NONDETERMINISTIC: the plan changed while every input is equal - " + plan
                    + "; the engine did not plan the same inputs the same way" + noiseNote + ".";
        }
        return String.join("; ", parts) + "; " + plan + noiseNote + ".";
    }

    private static List<String> outputParts(List<OutputsChangedEnum> outputs, FirstDivergingRule rules) {
        List<String> parts = new ArrayList<>();
        if (outputs.contains(OutputsChangedEnum.LOGICAL_PLAN)) parts.add("logical plan changed" + at(rules.getLogical()));
        if (outputs.contains(OutputsChangedEnum.PHYSICAL_PLAN)) {
            parts.add("physical plan changed" + at(rules.getPhysical()));
        }
        return parts;
    }

    private static String at(RuleDivergence d) {
        if (d == null || d.getKind() == RuleDivergence.KindEnum.NONE) return "";
        if (d.getKind() == RuleDivergence.KindEnum.PLANNING) return " in planning (" + d.getRule() + ")";
        String where = d.getPresentIn() == RuleDivergence.PresentInEnum.BOTH ? ""
                : d.getPresentIn() == RuleDivergence.PresentInEnum.FROM_ONLY ? ", which ran in the older capture only"
                : ", which ran in the newer capture only";
        return " at " + d.getRule() + where;
    }

    private static String detail(InputsChangedEnum input, DriftComponents c) {
        Set<String> names = new LinkedHashSet<>();
        switch (input) {
            case PLANNING_ENV -> c.getPlanningEnv().getChanges().stream().filter(ch -> ch.getShapesPlans())
                    .forEach(ch -> names.add(ch.getKey()));
            case RULEPACK -> {
                c.getRulepack().getAdded().forEach(r -> names.add("+" + r.getRule()));
                c.getRulepack().getRemoved().forEach(r -> names.add("-" + r.getRule()));
                c.getRulepack().getMoved().forEach(r -> names.add("moved " + r.getRule()));
            }
            case STATISTICS -> c.getStatistics().getChanges().stream()
                    .filter(s -> !s.getNoise() && !StatisticsDiff.ROOT.equals(s.getScan()))
                    .forEach(s -> names.add(s.getScan()));
            case SCHEMA -> {
                c.getSchema().getTablesAdded().forEach(t -> names.add("+" + t));
                c.getSchema().getTablesRemoved().forEach(t -> names.add("-" + t));
                c.getSchema().getColumns().forEach(col -> names.add(col.getTable() + "." + col.getColumn() + " "
                        + col.getChange().getValue()));
            }
            case UDFS -> {
                c.getUdfs().getAdded().forEach(u -> names.add("+" + u));
                c.getUdfs().getRemoved().forEach(u -> names.add("-" + u));
                c.getUdfs().getChanged().forEach(u -> names.add(u.getName()));
            }
            case DELTA -> c.getDelta().getTables().forEach(t -> names.add(t.getTable() + " v" + t.getFromVersion()
                    + "→v" + t.getToVersion()));
            case ENGINE_BUILD -> {
                if (c.getEngineBuild().getStatus() == DriftStatus.CHANGED) {
                    names.add("DataFusion " + c.getEngineBuild().getFrom().getDatafusionVersion() + "→"
                            + c.getEngineBuild().getTo().getDatafusionVersion());
                }
            }
            default -> { }
        }
        List<String> shown = names.stream().limit(5).toList();
        if (shown.isEmpty()) return "";
        return " (" + String.join(", ", shown) + (names.size() > shown.size() ? ", ..." : "") + ")";
    }
}
