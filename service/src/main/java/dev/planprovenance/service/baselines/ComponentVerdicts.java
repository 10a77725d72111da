package dev.planprovenance.service.baselines;

import dev.planprovenance.service.api.model.CheckVerdict;
import dev.planprovenance.service.api.model.CheckedComponent;
import dev.planprovenance.service.api.model.ComponentCheck;
import dev.planprovenance.service.api.model.DriftComponents;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.FidelityChange;
import dev.planprovenance.service.api.model.FidelityDifference;
import dev.planprovenance.service.api.model.PlanTreeDrift;
import dev.planprovenance.service.api.model.RuleDivergence;
import dev.planprovenance.service.api.model.StatisticChange;
import dev.planprovenance.service.drift.DriftService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verdict per checked component, read off the drift report between the baseline capture and the checked one
 * (no diff is recomputed here): {@code pass} when the component did not change, otherwise {@code fail} unless its
 * tolerance admits the change ({@code tolerated}). A failure's message is the report's cause summary and first
 * diverging rule; its detail says what differs in the component.
 */
final class ComponentVerdicts {
    /** Round-trip outcomes that mean the encoding reproduced the plan. */
    static final Set<String> FAITHFUL = Set.of("identical", "equal");

    private ComponentVerdicts() {}

    /** What one component's diff says: whether it differs, whether a tolerance may admit it, and for people. */
    private record Difference(boolean differs, boolean admissible, String detail) {
        static final Difference NONE = new Difference(false, true, null);
    }

    static List<ComponentCheck> of(DriftReport report, Map<CheckedComponent, Tolerance> tolerances) {
        List<ComponentCheck> out = new ArrayList<>();
        String message = message(report);
        for (CheckedComponent component : CheckedComponent.values()) {
            Tolerance tolerance = tolerances.getOrDefault(component, Tolerance.EXACT);
            Difference d = difference(component, report, tolerance);
            CheckVerdict verdict = !d.differs() ? CheckVerdict.PASS
                    : tolerance.kind() == Tolerance.Kind.IGNORE || (d.admissible() && tolerance.kind() == Tolerance.Kind.WITHIN)
                            ? CheckVerdict.TOLERATED
                    // A serialization change that is not a regression (e.g. differs -> identical) is tolerated.
                    : component == CheckedComponent.SERIALIZATION && d.admissible() ? CheckVerdict.TOLERATED
                    : CheckVerdict.FAIL;
            ComponentCheck check = new ComponentCheck(component, verdict).tolerance(tolerance.toApi()).detail(d.detail());
            if (verdict == CheckVerdict.FAIL) {
                // A failed round trip says where it now differs, so the failure text alone points at the change.
                String where = component == CheckedComponent.SERIALIZATION ? firstDifference(report) : null;
                check.setMessage(where == null ? message : message + "; " + where);
            }
            out.add(check);
        }
        return out;
    }

    /** Every component with the same verdict (no baseline, or an expired one) and why. */
    static List<ComponentCheck> all(CheckVerdict verdict, String message) {
        List<ComponentCheck> out = new ArrayList<>();
        for (CheckedComponent component : CheckedComponent.values()) {
            out.add(new ComponentCheck(component, verdict).message(message));
        }
        return out;
    }

    /** The cause summary and the first diverging rule of each stage that diverged. */
    static String message(DriftReport report) {
        String summary = report.getCause().getSummary();
        StringBuilder out = new StringBuilder(summary.endsWith(".") ? summary.substring(0, summary.length() - 1) : summary);
        List<String> rules = new ArrayList<>();
        rule(report.getFirstDivergingRule().getLogical(), rules);
        rule(report.getFirstDivergingRule().getPhysical(), rules);
        out.append(rules.isEmpty() ? "; first diverging rule: none" : "; first diverging rule: " + String.join(", ", rules));
        return out.toString();
    }

    private static void rule(RuleDivergence d, List<String> out) {
        if (d == null || d.getKind() == RuleDivergence.KindEnum.NONE) return;
        out.add(d.getStage().getValue() + " " + d.getRule()
                + (d.getPosition() == null ? "" : " (step " + d.getPosition() + ")"));
    }

    private static Difference difference(CheckedComponent component, DriftReport report, Tolerance tolerance) {
        DriftComponents c = report.getComponents();
        return switch (component) {
            case PLANNING_ENV -> {
                // Only keys that shape plans count; a display-only key never fails a gate.
                List<String> keys = c.getPlanningEnv().getChanges().stream().filter(k -> Boolean.TRUE.equals(k.getShapesPlans()))
                        .map(k -> k.getKey() + ": " + k.getFrom() + " -> " + k.getTo()).toList();
                yield c.getPlanningEnv().getStatus() == DriftStatus.UNAVAILABLE ? unavailable()
                        : keys.isEmpty() ? Difference.NONE : new Difference(true, false, String.join("; ", keys));
            }
            case ENGINE_BUILD -> status(c.getEngineBuild().getStatus(), () -> c.getEngineBuild().getFrom() + " -> "
                    + c.getEngineBuild().getTo());
            case RULEPACK -> status(c.getRulepack().getStatus(), () -> "added " + c.getRulepack().getAdded()
                    + ", removed " + c.getRulepack().getRemoved() + ", moved " + c.getRulepack().getMoved());
            case LOGICAL_PLAN -> tree(c.getLogicalPlan(), report, "logical-plan");
            case PHYSICAL_PLAN -> tree(c.getPhysicalPlan(), report, "physical-plan");
            case STATISTICS -> statistics(report, tolerance);
            case SCHEMA -> status(c.getSchema().getStatus(), () -> "tables added " + c.getSchema().getTablesAdded()
                    + ", removed " + c.getSchema().getTablesRemoved() + ", columns " + c.getSchema().getColumns().stream()
                    .map(col -> col.getTable() + "." + col.getColumn() + " " + col.getChange().getValue()).toList()
                    + ", DDL changed " + c.getSchema().getDdlChanged());
            case UDFS -> status(c.getUdfs().getStatus(), () -> "added " + c.getUdfs().getAdded() + ", removed "
                    + c.getUdfs().getRemoved() + ", changed " + c.getUdfs().getChanged().stream()
                    .map(u -> u.getName()).toList());
            case DELTA -> status(c.getDelta().getStatus(), () -> String.join("; ", c.getDelta().getTables().stream()
                    .map(t -> t.getTable() + " v" + t.getFromVersion() + " -> v" + t.getToVersion()).toList()));
            case SERIALIZATION -> serialization(c);
        };
    }

    private static Difference status(DriftStatus status, java.util.function.Supplier<String> detail) {
        if (status == DriftStatus.UNAVAILABLE) return unavailable();
        return status == DriftStatus.UNCHANGED ? Difference.NONE : new Difference(true, false, detail.get());
    }

    /** One capture lacks the component (captured before it existed): the gate cannot say it is equal. */
    private static Difference unavailable() {
        return new Difference(true, false, "one of the captures lacks this component; it cannot be compared");
    }

    /**
     * A plan tree's edits; without plan trees on both sides (captures from before the component) the cause's
     * outputs (the fingerprints) decide.
     */
    private static Difference tree(PlanTreeDrift drift, DriftReport report, String output) {
        if (drift.getStatus() == DriftStatus.UNAVAILABLE) {
            boolean changed = report.getCause().getOutputsChanged().stream().anyMatch(o -> o.getValue().equals(output));
            return changed ? new Difference(true, false, output + " fingerprint changed (no plan tree to diff)")
                    : Difference.NONE;
        }
        if (drift.getStatus() == DriftStatus.UNCHANGED) return Difference.NONE;
        List<String> edits = drift.getEdits().stream().limit(5).map(e -> e.getDescription()).toList();
        String more = drift.getEdits().size() > 5 ? " (+" + (drift.getEdits().size() - 5) + " more)" : "";
        String pattern = drift.getPattern() == null ? "" : drift.getPattern().getDescription() + ": ";
        return new Difference(true, false, pattern + String.join("; ", edits) + more);
    }

    /**
     * The scan statistics that changed (the plan root's estimate is derived from them and the plan, which other
     * components judge). Within a factor f when every change is numeric with a new/old ratio in [1/f, f].
     */
    private static Difference statistics(DriftReport report, Tolerance tolerance) {
        var drift = report.getComponents().getStatistics();
        if (drift.getStatus() == DriftStatus.UNAVAILABLE) return unavailable();
        List<StatisticChange> changes = drift.getChanges().stream()
                .filter(s -> !DriftService.STATISTICS_ROOT.equals(s.getScan())).toList();
        if (changes.isEmpty()) return Difference.NONE;
        boolean within = tolerance.kind() == Tolerance.Kind.WITHIN && changes.stream()
                .allMatch(s -> s.getRatio() != null && tolerance.admits(s.getRatio()));
        List<String> shown = changes.stream().limit(8).map(s -> s.getScan() + (s.getColumn() == null ? "" : "."
                + s.getColumn()) + " " + s.getStatistic() + ": " + s.getFrom() + " -> " + s.getTo()
                + (s.getRatio() == null ? "" : String.format(java.util.Locale.ROOT, " (x%.4f)", s.getRatio()))).toList();
        String more = changes.size() > 8 ? " (+" + (changes.size() - 8) + " more)" : "";
        return new Difference(true, within, String.join("; ", shown) + more);
    }

    /**
     * Round trips whose outcome changed. A regression (from identical/equal to anything else) fails; any other change
     * (e.g. differs to identical) is admissible. The detail names the outcomes and, for a round trip that now
     * differs, the first differing path of its canonical forms with both values (the plans component records the
     * first few).
     */
    private static Difference serialization(DriftComponents c) {
        var drift = c.getSerialization();
        if (drift.getStatus() == DriftStatus.UNAVAILABLE) return unavailable();
        if (drift.getChanges().isEmpty()) return Difference.NONE;
        boolean regression = drift.getChanges().stream()
                .anyMatch(ch -> FAITHFUL.contains(ch.getFrom()) && !FAITHFUL.contains(ch.getTo()));
        List<String> shown = drift.getChanges().stream().map(ComponentVerdicts::fidelity).toList();
        return new Difference(true, !regression, String.join("; ", shown));
    }

    private static String fidelity(FidelityChange change) {
        String outcome = change.getEncoding() + " round trip: " + change.getFrom() + " -> " + change.getTo();
        String where = where(change);
        return where == null ? outcome : outcome + ", " + where;
    }

    /** Where the first regressed round trip's canonical forms differ, or null when none says. */
    private static String firstDifference(DriftReport report) {
        return report.getComponents().getSerialization().getChanges().stream()
                .filter(ch -> FAITHFUL.contains(ch.getFrom()) && !FAITHFUL.contains(ch.getTo()))
                .map(ch -> {
                    String where = where(ch);
                    return where == null ? null : ch.getEncoding() + " " + where;
                })
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** "first difference at <path>: <before> -> <after>" of a change's recorded difference, or null. */
    private static String where(FidelityChange change) {
        List<FidelityDifference> difference = change.getDifference();
        if (difference == null || difference.isEmpty()) return null;
        FidelityDifference first = difference.get(0);
        return "first difference at " + first.getPath() + ": " + first.getBefore() + " -> " + first.getAfter()
                + (difference.size() > 1 ? " (+" + (difference.size() - 1) + " more recorded)" : "");
    }
}
