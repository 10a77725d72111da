package dev.planprovenance.service.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.api.model.CauseSummary;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.RuleDivergence;
import dev.planprovenance.service.api.model.RuleMove;
import dev.planprovenance.service.api.model.RulepackDrift;
import dev.planprovenance.service.api.model.StatisticChange;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pure calculators on hand-written documents: the cases the end-to-end captures cannot pin down. */
class CalculatorsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    /** An explain document with rows "type=hash". */
    private static JsonNode explain(String... rows) {
        StringBuilder out = new StringBuilder("{'verbose_rows':[");
        for (int i = 0; i < rows.length; i++) {
            String[] parts = rows[i].split("=");
            out.append(i == 0 ? "" : ",").append("{'plan_type':'").append(parts[0]).append("','hash':'")
                    .append(parts[1]).append("'}");
        }
        return json(out.append("]}").toString());
    }

    @Test
    void aRepeatedPhysicalRuleIsAlignedByOccurrence() {
        // ProjectionPushdown runs twice; only its second run differs.
        JsonNode from = explain("initial_physical_plan=p0", "initial_physical_plan_with_stats=s0",
                "physical_plan after ProjectionPushdown=p1", "physical_plan after join_selection=p2",
                "physical_plan after ProjectionPushdown=p3", "physical_plan=p3");
        JsonNode to = explain("initial_physical_plan=p0", "initial_physical_plan_with_stats=s9",
                "physical_plan after ProjectionPushdown=p1", "physical_plan after join_selection=p2",
                "physical_plan after ProjectionPushdown=x3", "physical_plan=x3");
        RuleDivergenceFinder.Divergence d = RuleDivergenceFinder.find(RuleDivergenceFinder.Stage.PHYSICAL, from, to);
        assertThat(d.divergence().getKind()).isEqualTo(RuleDivergence.KindEnum.RULE);
        assertThat(d.divergence().getRule()).isEqualTo("ProjectionPushdown");
        assertThat(d.divergence().getPosition()).isEqualTo(3);
        assertThat(d.divergence().getPresentIn()).isEqualTo(RuleDivergence.PresentInEnum.BOTH);
        assertThat(d.fromOrdinal()).isEqualTo(4);
        assertThat(d.toOrdinal()).isEqualTo(4);
    }

    @Test
    void aRuleThatRanInOneCaptureOnlyDivergesWithTheOtherCapturesPreviousPlan() {
        JsonNode from = explain("initial_logical_plan=l0", "logical_plan after simplify=l0",
                "logical_plan after push_down_filter=l1", "logical_plan after other=l1", "logical_plan=l1");
        JsonNode to = explain("initial_logical_plan=l0", "logical_plan after simplify=l0",
                "logical_plan after other=l0", "logical_plan=l0");
        RuleDivergenceFinder.Divergence d = RuleDivergenceFinder.find(RuleDivergenceFinder.Stage.LOGICAL, from, to);
        assertThat(d.divergence().getRule()).isEqualTo("push_down_filter");
        assertThat(d.divergence().getPresentIn()).isEqualTo(RuleDivergence.PresentInEnum.FROM_ONLY);
        // The to side's output is its plan before the rule would have run: the simplify row.
        assertThat(d.toOrdinal()).isEqualTo(1);
    }

    @Test
    void differentInitialPlansArePlanningAndEqualStepsAreNone() {
        JsonNode a = explain("initial_logical_plan=l0", "logical_plan after x=l1");
        JsonNode b = explain("initial_logical_plan=m0", "logical_plan after x=l1");
        assertThat(RuleDivergenceFinder.find(RuleDivergenceFinder.Stage.LOGICAL, a, b).divergence().getKind())
                .isEqualTo(RuleDivergence.KindEnum.PLANNING);
        assertThat(RuleDivergenceFinder.find(RuleDivergenceFinder.Stage.LOGICAL, a, explain("initial_logical_plan=l0",
                "logical_plan after x=l1")).divergence().getKind()).isEqualTo(RuleDivergence.KindEnum.NONE);
    }

    @Test
    void rulepackAlignsRepeatedRulesAndSeparatesMovesFromRemovals() {
        JsonNode from = json("{'analyzer':[],'logical_optimizer':['a','b','c','d'],"
                + "'physical_optimizer':['P','J','P'],'disabled':[]}");
        JsonNode to = json("{'analyzer':[],'logical_optimizer':['a','c','d','b'],"
                + "'physical_optimizer':['P','J'],'disabled':['x']}");
        RulepackDrift drift = RulepackDiff.diff(from, to);
        assertThat(drift.getStatus()).isEqualTo(DriftStatus.CHANGED);
        assertThat(drift.getMoved()).extracting(RuleMove::getRule).containsExactly("b");
        assertThat(drift.getMoved().get(0).getFromPosition()).isEqualTo(1);
        assertThat(drift.getMoved().get(0).getToPosition()).isEqualTo(3);
        assertThat(drift.getRemoved()).extracting(RuleMove::getRule, RuleMove::getFromPosition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("P", 2));
        assertThat(drift.getAdded()).isEmpty();
        assertThat(drift.getDisabledTo()).containsExactly("x");
    }

    @Test
    void statisticsWithinTheToleranceAreNoiseAndTheRootIsNoInput() {
        String scan = "{'scans':[{'scan':'DeclaredScanExec: table=orders, rows=Exact(%d)','statistics':{"
                + "'num_rows':{'value':%d,'precision':'exact'},'columns':[]}}],"
                + "'root':{'num_rows':{'value':%d,'precision':'inexact'}}}";
        JsonNode from = json(scan.formatted(100, 100, 10));
        StatisticsDiff.Result noise = StatisticsDiff.diff(from, json(scan.formatted(103, 103, 10)), 0.1);
        assertThat(noise.drift().getStatus()).isEqualTo(DriftStatus.NOISE);
        assertThat(noise.inputChanged()).isFalse();
        assertThat(noise.drift().getChanges()).extracting(StatisticChange::getScan).containsExactly("orders");
        // Only the root estimate moved beyond the tolerance: reported, not an input.
        StatisticsDiff.Result root = StatisticsDiff.diff(from, json(scan.formatted(100, 100, 50)), 0.1);
        assertThat(root.drift().getStatus()).isEqualTo(DriftStatus.CHANGED);
        assertThat(root.inputChanged()).isFalse();
        assertThat(root.drift().getChanges().get(0).getScan()).isEqualTo(StatisticsDiff.ROOT);
        StatisticsDiff.Result big = StatisticsDiff.diff(from, json(scan.formatted(100000, 100000, 10)), 0.1);
        assertThat(big.inputChanged()).isTrue();
        assertThat(big.drift().getChanges().get(0).getRatio()).isEqualTo(1000.0);
    }

    @Test
    void declaredRowCountsAreMaskedInPlanTreesAndTexts() {
        JsonNode flat = json("{'nodes':[{'op':'HashJoinExec','props':{'mode':'Partitioned'},'children':[1]},"
                + "{'op':'DeclaredScanExec','props':{'table':'t','rows':'Exact(5)'},'children':[]}]}");
        JsonNode masked = ScanStatistics.maskedTree(flat);
        assertThat(masked.at("/nodes/1/props").has("rows")).isFalse();
        assertThat(masked.at("/nodes/1/props/table").asString()).isEqualTo("t");
        assertThat(flat.at("/nodes/1/props/rows").asString()).as("the document is not touched").isEqualTo("Exact(5)");
        JsonNode nested = json("{'op':'X','props':{},'children':[{'op':'DeclaredScanExec','props':{'rows':'Exact(5)'},"
                + "'children':[]}]}");
        assertThat(ScanStatistics.maskedTree(nested).at("/children/0/props").has("rows")).isFalse();
        assertThat(ScanStatistics.masked("  DeclaredScanExec: table=t, rows=Exact(5)\n  X"))
                .isEqualTo("  DeclaredScanExec: table=t, rows=?\n  X");
    }

    @Test
    void parquetScansAreKeyedByTheirTableDirectory() {
        assertThat(StatisticsDiff.table("DataSourceExec: file_groups={1 group: [[<root>/tpch/lineitem/part-0.parquet]]},"
                + " projection=[a]")).isEqualTo("lineitem");
        assertThat(StatisticsDiff.table("DeclaredScanExec: table=nation, rows=Exact(25)")).isEqualTo("nation");
    }

    @Test
    void aPlanThatChangedWithEveryInputEqualIsNondeterministicAndSaysSoLoudly() {
        DriftCalculator.Computed computed = DriftCalculator.compute(documents("fp1"), documents("fp2"), 0.1);
        CauseSummary cause = computed.report().getCause();
        assertThat(cause.getVerdict()).isEqualTo(CauseSummary.VerdictEnum.NONDETERMINISTIC);
        assertThat(cause.getInputsChanged()).isEmpty();
        assertThat(cause.getSummary()).startsWith("NONDETERMINISTIC");
        assertThat(DriftCalculator.compute(documents("fp1"), documents("fp1"), 0.1).report().getCause().getVerdict())
                .isEqualTo(CauseSummary.VerdictEnum.UNCHANGED);
    }

    private static CaptureDocuments documents(String physicalFingerprint) {
        dev.planprovenance.service.api.model.PlanIdentity identity = new dev.planprovenance.service.api.model.PlanIdentity(
                "id-" + physicalFingerprint, "fp", "env", "rules", "schema", "udfs", "audit");
        dev.planprovenance.service.api.model.CaptureSummary summary = new dev.planprovenance.service.api.model.CaptureSummary(
                java.util.UUID.randomUUID(), "p", "e", 7, java.time.OffsetDateTime.now(), identity);
        return new CaptureDocuments(summary, "SELECT 1", java.util.Map.of("plans",
                json("{'logical_fingerprint':'l','physical_fingerprint':'" + physicalFingerprint + "'}")), null);
    }

    @Test
    void aRoundTripThatNowDiffersCarriesWhereTheToCaptureRecordedItDiffers() {
        JsonNode from = json("{'roundtrip':{'substrait':{'status':'identical'},'physical_proto':{'status':'identical'}}}");
        JsonNode to = json("{'roundtrip':{'substrait':{'status':'differs','difference':["
                + "{'path':'/relations/0/root/input/sort','before':{'n':1},'after':null},"
                + "{'path':'/version/minorNumber','before':54,'after':55}]},'physical_proto':{'status':'identical'}}}");
        var drift = SerializationDiff.diff(from, to);
        assertThat(drift.getStatus()).isEqualTo(DriftStatus.CHANGED);
        assertThat(drift.getChanges()).hasSize(1);
        var change = drift.getChanges().get(0);
        assertThat(change.getEncoding()).isEqualTo("substrait");
        assertThat(change.getDifference()).hasSize(2);
        assertThat(change.getDifference().get(0).getPath()).isEqualTo("/relations/0/root/input/sort");
        assertThat(change.getDifference().get(0).getBefore()).isEqualTo("{\"n\":1}");
        assertThat(change.getDifference().get(0).getAfter()).isNull();
        assertThat(change.getDifference().get(1).getBefore()).isEqualTo("54");

        // Back to identical: nothing recorded to carry.
        var better = SerializationDiff.diff(to, from).getChanges().get(0);
        assertThat(better.getDifference()).isNullOrEmpty();
    }
}
