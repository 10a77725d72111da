package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.RuleDivergence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Where two captures' optimizers first produce different plans, from the explain documents' {@code verbose_rows}
 * ([{plan_type, hash}] in the order DataFusion ran; the hash is over the plan text after that step).
 *
 * <p>Per stage, each capture's steps ({@code logical_plan after <rule>} or {@code physical_plan after <rule>}, the
 * plain rows only: the physical {@code _with_stats}/{@code _with_schema} renderings are not steps) are keyed by
 * (rule, occurrence) and the two sequences aligned. Walking the aligned steps, each capture's state is the plan
 * after its step, or its previous state where the step did not run in it (a disabled or added rule); the first step
 * where the states differ is the diverging rule. If the stage's initial plans already differ, the divergence is in
 * planning (SQL to logical, or logical to physical) before any rule ran.
 */
final class RuleDivergenceFinder {
    private RuleDivergenceFinder() {}

    enum Stage {
        LOGICAL(RuleDivergence.StageEnum.LOGICAL, "initial_logical_plan", "logical_plan after "),
        PHYSICAL(RuleDivergence.StageEnum.PHYSICAL, "initial_physical_plan", "physical_plan after ");

        final RuleDivergence.StageEnum api;
        final String initial;
        final String stepPrefix;

        Stage(RuleDivergence.StageEnum api, String initial, String stepPrefix) {
            this.api = api;
            this.initial = initial;
            this.stepPrefix = stepPrefix;
        }
    }

    /** One verbose row: its ordinal among the verbose rows (the key of its text in explain_row) and hash. */
    record Row(int ordinal, String name, String hash) {}

    /**
     * The divergence, and the ordinals of the two rows whose texts are the outputs to show (-1 when there is
     * none), so that the caller can fetch the texts of many divergences at once.
     */
    record Divergence(RuleDivergence divergence, int fromOrdinal, int toOrdinal) {}

    static Divergence find(Stage stage, JsonNode fromExplain, JsonNode toExplain) {
        return find(stage, fromExplain, toExplain, null, null);
    }

    /**
     * With the plan states given as texts by ordinal ({@link ScanStatistics#masked}: the statistics a declared
     * scan prints are masked, so a changed row count alone is not a different plan), instead of the rows' hashes.
     */
    static Divergence find(Stage stage, JsonNode fromExplain, JsonNode toExplain,
            java.util.Map<Integer, String> fromStates, java.util.Map<Integer, String> toStates) {
        RuleDivergence none = new RuleDivergence(stage.api, RuleDivergence.KindEnum.NONE);
        if (fromExplain == toExplain && fromStates == null) return new Divergence(none, -1, -1);
        Row fromInitial = initial(stage, fromExplain, fromStates);
        Row toInitial = initial(stage, toExplain, toStates);
        if (fromInitial == null || toInitial == null) return new Divergence(none, -1, -1);
        if (!Objects.equals(fromInitial.hash(), toInitial.hash())) {
            return new Divergence(new RuleDivergence(stage.api, RuleDivergence.KindEnum.PLANNING).rule(stage.initial)
                    .position(0).presentIn(RuleDivergence.PresentInEnum.BOTH),
                    fromInitial.ordinal(), toInitial.ordinal());
        }
        List<Row> a = steps(stage, fromExplain, fromStates);
        List<Row> b = steps(stage, toExplain, toStates);
        List<String> aKeys = Alignment.occurrences(a.stream().map(Row::name).toList());
        List<String> bKeys = Alignment.occurrences(b.stream().map(Row::name).toList());
        Row fromState = fromInitial;
        Row toState = toInitial;
        int position = 0;
        for (Alignment.Step step : Alignment.merge(aKeys, bKeys)) {
            position++;
            if (step.from() >= 0) fromState = a.get(step.from());
            if (step.to() >= 0) toState = b.get(step.to());
            if (Objects.equals(fromState.hash(), toState.hash())) continue;
            RuleDivergence.PresentInEnum presentIn = step.both() ? RuleDivergence.PresentInEnum.BOTH
                    : step.from() >= 0 ? RuleDivergence.PresentInEnum.FROM_ONLY : RuleDivergence.PresentInEnum.TO_ONLY;
            String rule = step.from() >= 0 ? a.get(step.from()).name() : b.get(step.to()).name();
            return new Divergence(new RuleDivergence(stage.api, RuleDivergence.KindEnum.RULE).rule(rule)
                    .position(position).presentIn(presentIn), fromState.ordinal(), toState.ordinal());
        }
        return new Divergence(none, -1, -1);
    }

    private static String state(JsonNode row, int ordinal, java.util.Map<Integer, String> states) {
        return states == null ? Json.text(row.path("hash")) : states.get(ordinal);
    }

    private static Row initial(Stage stage, JsonNode explain, java.util.Map<Integer, String> states) {
        List<JsonNode> rows = Json.elements(explain.path("verbose_rows"));
        for (int i = 0; i < rows.size(); i++) {
            if (stage.initial.equals(rows.get(i).path("plan_type").asString())) {
                return new Row(i, stage.initial, state(rows.get(i), i, states));
            }
        }
        return null;
    }

    /** The ordinal of the first row of this plan type, or -1. */
    static int ordinal(JsonNode explain, String planType) {
        List<JsonNode> rows = Json.elements(explain.path("verbose_rows"));
        for (int i = 0; i < rows.size(); i++) {
            if (planType.equals(rows.get(i).path("plan_type").asString())) return i;
        }
        return -1;
    }

    private static List<Row> steps(Stage stage, JsonNode explain, java.util.Map<Integer, String> states) {
        List<JsonNode> rows = Json.elements(explain.path("verbose_rows"));
        List<Row> steps = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String type = rows.get(i).path("plan_type").asString();
            if (type.startsWith(stage.stepPrefix)) {
                steps.add(new Row(i, type.substring(stage.stepPrefix.length()), state(rows.get(i), i, states)));
            }
        }
        return steps;
    }
}
