package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.CauseSummary;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.EditGroup;
import dev.planprovenance.service.api.model.EditPatternRef;
import dev.planprovenance.service.api.model.EnvironmentComparison;
import dev.planprovenance.service.api.model.PlanComparison;
import dev.planprovenance.service.api.model.PlanTreeDrift;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Two environments compared plan by plan (what an upgrade or a profile change does to a whole workload): the latest
 * capture of every plan in each (one query), plans in both compared: equal identity is the same plan without
 * further work; the others are loaded together (two queries for all of them) and compared in memory without the
 * rule output texts. Changed plans are grouped by the edit pattern of their physical plan tree (of the logical tree
 * when the physical one did not change).
 */
@Service
public class EnvironmentComparer {
    /** The group of changed plans whose trees cannot be compared (a capture without plan-tree). */
    static final String NO_TREE = "no-plan-tree";

    private final CaptureLocator locator;
    private final CaptureDocumentLoader loader;

    public EnvironmentComparer(CaptureLocator locator, CaptureDocumentLoader loader) {
        this.locator = locator;
        this.loader = loader;
    }

    public EnvironmentComparison compare(String from, String to, double tolerance) {
        Map<String, List<CaptureLocator.Latest>> latest = locator.latestPerPlan(from, to);
        Map<String, CaptureLocator.Latest> a = byPlan(latest.get(from));
        Map<String, CaptureLocator.Latest> b = byPlan(latest.get(to));
        List<String> common = a.keySet().stream().filter(b::containsKey).sorted().toList();
        if (common.isEmpty()) {
            throw new ProblemException(ProblemType.NOTHING_TO_COMPARE, "Environments '" + from + "' and '" + to
                    + "' have no plan in common (" + a.size() + " and " + b.size() + " plans).");
        }
        List<String> onlyInFrom = a.keySet().stream().filter(p -> !b.containsKey(p)).sorted().toList();
        List<String> onlyInTo = b.keySet().stream().filter(p -> !a.containsKey(p)).sorted().toList();

        List<UUID> toLoad = new ArrayList<>();
        for (String plan : common) {
            if (!a.get(plan).planIdentityHash().equals(b.get(plan).planIdentityHash())) {
                toLoad.add(a.get(plan).id());
                toLoad.add(b.get(plan).id());
            }
        }
        Map<UUID, CaptureDocuments> documents = loader.load(toLoad);
        // Documents are in memory: the comparisons are CPU only (the common pool is bounded by the cores).
        List<Compared> compared = common.parallelStream()
                .map(plan -> comparison(plan, a.get(plan), b.get(plan), documents, tolerance))
                .toList();

        Map<String, List<PlanComparison>> byPattern = new TreeMap<>();
        Map<String, String> descriptions = new HashMap<>();
        List<PlanComparison> plans = new ArrayList<>();
        int changed = 0;
        for (Compared c : compared) {
            plans.add(c.plan());
            if (c.pattern() == null) continue;
            changed++;
            byPattern.computeIfAbsent(c.pattern().getKey(), k -> new ArrayList<>()).add(c.plan());
            descriptions.putIfAbsent(c.pattern().getKey(), c.pattern().getDescription());
        }
        List<EditGroup> groups = byPattern.entrySet().stream()
                .map(e -> new EditGroup(e.getKey(), descriptions.get(e.getKey()),
                        e.getValue().size(), e.getValue().stream().map(PlanComparison::getPlanName).toList())
                        .example(e.getValue().get(0).getPlanName()))
                .sorted(Comparator.comparing(EditGroup::getCount).reversed().thenComparing(EditGroup::getKey))
                .collect(Collectors.toCollection(ArrayList::new));
        return new EnvironmentComparison(from, to, common.size(), common.size() - changed, changed,
                onlyInFrom, onlyInTo, plans, groups);
    }

    /** One plan's comparison and, when it changed, its edit pattern. */
    private record Compared(PlanComparison plan, EditPatternRef pattern) {}

    private static Compared comparison(String plan, CaptureLocator.Latest from, CaptureLocator.Latest to,
            Map<UUID, CaptureDocuments> documents, double tolerance) {
        if (from.planIdentityHash().equals(to.planIdentityHash())) {
            return new Compared(new PlanComparison(plan, from.id(), to.id(), PlanComparison.StatusEnum.SAME,
                    new CauseSummary(CauseSummary.VerdictEnum.UNCHANGED, List.of(), List.of(),
                            "The plan identity is equal: nothing that shapes the plan changed.")), null);
        }
        DriftReport report = DriftCalculator.compute(documents.get(from.id()), documents.get(to.id()), tolerance)
                .report();
        boolean outputs = !report.getCause().getOutputsChanged().isEmpty();
        PlanComparison comparison = new PlanComparison(plan, from.id(), to.id(),
                outputs ? PlanComparison.StatusEnum.CHANGED : PlanComparison.StatusEnum.SAME, report.getCause())
                .firstDivergingRule(report.getFirstDivergingRule());
        if (!outputs) return new Compared(comparison, null);
        EditPatternRef pattern = pattern(report);
        comparison.setPatternKey(pattern.getKey());
        return new Compared(comparison, pattern);
    }

    /** The physical tree's pattern, or the logical one's when the physical tree did not change. */
    static EditPatternRef pattern(DriftReport report) {
        PlanTreeDrift physical = report.getComponents().getPhysicalPlan();
        PlanTreeDrift logical = report.getComponents().getLogicalPlan();
        PlanTreeDrift tree = physical.getStatus() == DriftStatus.CHANGED ? physical : logical;
        if (tree.getStatus() == DriftStatus.UNAVAILABLE || tree.getPattern() == null) {
            return new EditPatternRef(NO_TREE, "Plans changed, but a capture has no plan tree to compare.");
        }
        return tree.getPattern();
    }

    private static Map<String, CaptureLocator.Latest> byPlan(List<CaptureLocator.Latest> latest) {
        Map<String, CaptureLocator.Latest> byPlan = new LinkedHashMap<>();
        for (CaptureLocator.Latest l : latest) byPlan.put(l.planName(), l);
        return byPlan;
    }
}
