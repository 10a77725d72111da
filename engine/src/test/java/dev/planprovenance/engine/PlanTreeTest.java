package dev.planprovenance.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.planprovenance.engine.tpch.TpchCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan-tree component against the plans DataFusion itself renders: for TPC-H q1–q22 its nodes, in pre-order and
 * at their depths, are the lines of the final logical and physical plans' indent EXPLAIN; its props carry what the
 * operators print (join keys, modes, pushed filters) as data, with data roots masked; it is deterministic.
 */
class PlanTreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RuntimePool pool;
    private static RuntimePool other;

    @BeforeAll
    static void start() {
        pool = TpchFixture.pool(RuntimeProfile.defaults("tree"), 1);
        other = TpchFixture.pool(RuntimeProfile.defaults("tree"), 1);
    }

    @AfterAll
    static void stop() {
        pool.close();
        other.close();
    }

    /** One node as the indent rendering shows it: operator name and depth. */
    record Line(String op, int depth) {}

    private static CaptureResult capture(RuntimePool runtimes, String query, Map<String, String> overrides) {
        try (EngineSession session = runtimes.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            TpchCorpus.Query q = TpchFixture.CORPUS.parsed(query);
            q.views().forEach(session::registerView);
            return session.capture(q.sql(), overrides);
        }
    }

    private static JsonNode tree(CaptureResult result) throws Exception {
        return JSON.readTree(result.component("plan-tree"));
    }

    private static String indent(CaptureResult result, String planType) {
        return result.explain().get(ExplainFormat.INDENT).stream().filter(r -> r.planType().equals(planType))
                .findFirst().orElseThrow().plan();
    }

    /** Each line's operator (the text before its first ':', as the plan prints it) and indentation (two spaces). */
    private static List<Line> lines(String text, Function<String, String> opOfLine) {
        List<Line> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String stripped = line.stripLeading();
            int colon = stripped.indexOf(':');
            String label = colon < 0 ? stripped : stripped.substring(0, colon);
            // A SortExec with a fetch names itself SortExec(TopK) and prints `SortExec: TopK(fetch=N), ...`.
            if (stripped.startsWith("SortExec: TopK(")) label = "SortExec(TopK)";
            out.add(new Line(opOfLine.apply(label), (line.length() - stripped.length()) / 2));
        }
        return out;
    }

    /** The logical variant a line's label names (`Inner Join`, `WindowAggr`, `DistinctOn` print otherwise). */
    private static String logicalOp(String label) {
        if (label.endsWith(" Join")) return "Join";
        if (label.equals("WindowAggr")) return "Window";
        if (label.equals("DistinctOn")) return "Distinct";
        return label;
    }

    /**
     * The stored plan is flat: nodes in pre-order, the root first, children by index. Walking it from the root by
     * child index must visit the nodes in array order (so the order really is pre-order and every node is reached).
     */
    private static List<Line> preOrder(JsonNode plan) {
        JsonNode nodes = plan.get("nodes");
        List<Line> out = new ArrayList<>();
        List<Integer> visited = new ArrayList<>();
        java.util.Deque<int[]> stack = new java.util.ArrayDeque<>();
        stack.push(new int[] {0, 0});
        while (!stack.isEmpty()) {
            int[] top = stack.pop();
            JsonNode node = nodes.get(top[0]);
            visited.add(top[0]);
            out.add(new Line(node.get("op").asText(), top[1]));
            JsonNode children = node.get("children");
            for (int i = children.size() - 1; i >= 0; i--) stack.push(new int[] {children.get(i).asInt(), top[1] + 1});
        }
        List<Integer> arrayOrder = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) arrayOrder.add(i);
        assertThat(visited).isEqualTo(arrayOrder);
        return out;
    }

    private static List<JsonNode> nodes(JsonNode plan, String op) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode node : plan.get("nodes")) if (node.get("op").asText().equals(op)) out.add(node);
        return out;
    }

    @ParameterizedTest
    @MethodSource("dev.planprovenance.engine.TpchFixture#queries")
    void treesFollowTheFinalPlansNodeByNode(String query) throws Exception {
        CaptureResult result = capture(pool, query, Map.of());
        JsonNode tree = tree(result);
        assertThat(tree.get("version").asInt()).isEqualTo(1);
        assertThat(tree.get("plan_tree_hash").asText()).isEqualTo(result.hash("plan_tree_hash")).matches("[0-9a-f]{64}");

        List<Line> physical = preOrder(tree.get("physical"));
        assertThat(physical).isEqualTo(lines(indent(result, "physical_plan"), Function.identity()));
        List<Line> logical = preOrder(tree.get("logical"));
        assertThat(logical).isEqualTo(lines(indent(result, "logical_plan"), PlanTreeTest::logicalOp));

        // Every node carries props as an object; every Parquet scan counts its files instead of listing them.
        for (Line line : physical) assertThat(line.op()).doesNotContain(" ");
        List<JsonNode> scans = nodes(tree.get("physical"), "DataSourceExec");
        assertThat(scans).isNotEmpty();
        for (JsonNode scan : scans) {
            assertThat(scan.at("/props/file_groups").isInt()).as(scan.toString()).isTrue();
            assertThat(scan.at("/props/files").asInt()).as(scan.toString()).isPositive();
            assertThat(scan.at("/props/file_type").asText()).isEqualTo("parquet");
            assertThat(scan.at("/props/projection").isArray()).as(scan.toString()).isTrue();
            assertThat(scan.at("/props/partitioning").asText()).isNotEmpty();
        }
        for (JsonNode scan : nodes(tree.get("logical"), "TableScan")) {
            assertThat(TpchFixture.CORPUS.tables()).containsKey(scan.at("/props/table").asText());
        }
        assertThat(result.component("plan-tree")).doesNotContain(TpchFixture.ROOT.toString());
    }

    @Test
    void sortMergeJoinsAndHashJoinsShowTheirOwnProps() throws Exception {
        JsonNode hash = tree(capture(pool, "q3", Map.of())).get("physical");
        assertThat(nodes(hash, "SortMergeJoinExec")).isEmpty();
        List<JsonNode> hashJoins = nodes(hash, "HashJoinExec");
        assertThat(hashJoins).isNotEmpty();
        for (JsonNode join : hashJoins) {
            assertThat(join.at("/props/mode").asText()).isIn("Partitioned", "CollectLeft", "Auto");
            assertThat(join.at("/props/on").isArray()).isTrue();
        }

        JsonNode merge = tree(capture(pool, "q3", Map.of("datafusion.optimizer.prefer_hash_join", "false")))
                .get("physical");
        List<JsonNode> mergeJoins = nodes(merge, "SortMergeJoinExec");
        assertThat(mergeJoins).isNotEmpty();
        for (JsonNode join : mergeJoins) {
            assertThat(join.at("/props/join_type").asText()).isEqualTo("Inner");
            assertThat(join.at("/props/on").get(0).asText()).matches("\\(\\w+@\\d+, \\w+@\\d+\\)");
            assertThat(join.at("/props/mode").isMissingNode()).isTrue();
            // A join's props are its own: not its inputs' (their projections, their partitioning lists).
            assertThat(join.at("/props/file_groups").isMissingNode()).isTrue();
        }
    }

    @Test
    void aPushedFilterShowsInTheLogicalScan() throws Exception {
        JsonNode logical = tree(capture(pool, "q6", Map.of())).get("logical");
        JsonNode scan = nodes(logical, "TableScan").get(0);
        assertThat(scan.at("/props/table").asText()).isEqualTo("lineitem");
        assertThat(scan.at("/props/projection")).extracting(JsonNode::asText).contains("l_shipdate", "l_discount");
        assertThat(scan.at("/props/filters")).anySatisfy(f -> assertThat(f.asText()).contains("l_shipdate"));
        JsonNode aggregate = nodes(logical, "Aggregate").get(0);
        assertThat(aggregate.at("/props/aggregates").get(0).asText()).startsWith("sum(");
        assertThat(aggregate.at("/props/group_by").isMissingNode()).isTrue();
    }

    @Test
    void identicalCapturesHaveIdenticalTrees() throws Exception {
        List<String> hashes = new ArrayList<>();
        for (String query : TpchFixture.queries().toList()) {
            String first = capture(pool, query, Map.of()).hash("plan_tree_hash");
            // The same session runtime again, and another runtime (process-wide counters have moved on).
            assertThat(capture(pool, query, Map.of()).hash("plan_tree_hash")).as(query).isEqualTo(first);
            assertThat(capture(other, query, Map.of()).hash("plan_tree_hash")).as(query).isEqualTo(first);
            hashes.add(first);
        }
        assertThat(hashes).doesNotHaveDuplicates();
    }

    /** Generated aliases (`__correlated_sq_N`, `__scalar_sq_N`, `__common_expr_N`) count per plan, not per session. */
    @Test
    void repeatCapturesInOneSessionHaveIdenticalTrees() throws Exception {
        StringBuilder aliases = new StringBuilder();
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            for (String query : TpchFixture.queries().toList()) {
                TpchCorpus.Query q = TpchFixture.CORPUS.parsed(query);
                q.views().forEach(session::registerView);
                CaptureResult first = session.capture(q.sql(), Map.of());
                CaptureResult again = session.capture(q.sql(), Map.of());
                assertThat(again.component("plan-tree")).as(query).isEqualTo(first.component("plan-tree"));
                assertThat(again.hash("plan_tree_hash")).isEqualTo(first.hash("plan_tree_hash"));
                aliases.append(first.component("plan-tree"));
            }
        }
        // The corpus does make such aliases, so the comparison above covers them.
        assertThat(aliases.toString()).contains("__correlated_sq_", "__scalar_sq_");
    }

    @Test
    void theTreeStaysOutOfPlanIdentity() throws Exception {
        CaptureResult plain = capture(pool, "q1", Map.of());
        CaptureResult statistics = capture(pool, "q1", Map.of("datafusion.explain.show_statistics", "true"));
        // Statistics show in the tree only when the session shows them; the plan is the same either way.
        assertThat(tree(plain).toString()).doesNotContain("\"statistics\"");
        assertThat(tree(statistics).at("/physical/nodes/0/props/statistics").asText()).contains("Rows=");
        assertThat(statistics.hash("plan_tree_hash")).isNotEqualTo(plain.hash("plan_tree_hash"));
        assertThat(statistics.hash("plan_fingerprint")).isEqualTo(plain.hash("plan_fingerprint"));
    }

    @Test
    void dataRootsAreMaskedInScanProps() throws Exception {
        String path = TpchFixture.ROOT + "/lineitem/marker";
        String sql = "select l_orderkey from lineitem where l_comment = '" + path + "'";
        CaptureResult result;
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            result = session.capture(sql, Map.of());
        }
        String text = result.component("plan-tree");
        assertThat(text).doesNotContain(TpchFixture.ROOT.toString()).doesNotContain(TpchFixture.ROOT.toString().substring(1));
        JsonNode tree = JSON.readTree(text);
        JsonNode scan = nodes(tree.get("physical"), "DataSourceExec").get(0);
        assertThat(scan.at("/props/predicate").asText()).contains("$DATA_ROOT/lineitem/marker");
        JsonNode logicalScan = nodes(tree.get("logical"), "TableScan").get(0);
        assertThat(logicalScan.at("/props/filters").get(0).asText()).contains("$DATA_ROOT/lineitem/marker");
    }
}
