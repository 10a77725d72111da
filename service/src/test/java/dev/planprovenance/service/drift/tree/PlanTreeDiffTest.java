package dev.planprovenance.service.drift.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.planprovenance.service.drift.tree.TreeEdit.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Plan tree alignment: edit kinds, paths, summaries, patterns, and trees too large or deep for the exact path. */
class PlanTreeDiffTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    /** The same diff through the top-down fallback, to check that it reports what the exact alignment does. */
    private static TreeDiff fallback(String from, String to) {
        return PlanTreeDiff.diff(PlanNode.parse(tree(from)), PlanNode.parse(tree(to)), 0, 0);
    }

    private static String join(String mode, String left, String right) {
        return """
            {"op":"ProjectionExec","props":{"expr":["c_name@0"]},"children":[
              {"op":"AggregateExec","props":{"mode":"Single","gby":["c_name@0"],"aggr":["count(*)"]},"children":[
                {"op":"HashJoinExec","props":{"mode":"%s","join_type":"Inner","on":["(c_custkey@0, o_custkey@1)"]},
                 "children":[
                   {"op":"RepartitionExec","props":{"partitioning":"Hash([c_custkey@0], 2)"},"children":[%s]},
                   {"op":"RepartitionExec","props":{"partitioning":"Hash([o_custkey@1], 2)"},"children":[%s]}]}]}]}
            """.formatted(mode, left, right);
    }

    private static String scan(String table, String predicate) {
        return """
            {"op":"DataSourceExec","props":{"file_groups":2,"files":4,"projection":["%s_a","%s_b"],
             "predicate":"%s","file_type":"parquet"}}""".formatted(table, table, predicate);
    }

    private static final String CUSTOMER = scan("customer", "c_mktsegment@1 = B");
    private static final String ORDERS = scan("orders", "o_orderdate@2 < 1995-03-15");

    @Test
    void theStoredFlatFormReadsAsTheNestedOne() {
        String nested = join("Partitioned", CUSTOMER, ORDERS);
        PlanNode fromNested = PlanNode.parse(tree(nested));
        PlanNode fromFlat = PlanNode.parse(tree(flat(fromNested)));
        assertThat(fromFlat).isEqualTo(fromNested);
        // An index that does not point forward (not pre-order) is left out instead of followed.
        PlanNode looped = PlanNode.parse(tree("{\"nodes\":[{\"op\":\"A\",\"children\":[0,1]},{\"op\":\"B\",\"children\":[0]}]}"));
        assertThat(looped.children()).extracting(PlanNode::op).containsExactly("B");
        assertThat(looped.children().get(0).children()).isEmpty();
    }

    /** The component's stored form of a tree: pre-order nodes, children by index. */
    private static String flat(PlanNode root) {
        List<PlanNode> order = new ArrayList<>();
        java.util.Deque<PlanNode> stack = new java.util.ArrayDeque<>(List.of(root));
        while (!stack.isEmpty()) {
            PlanNode node = stack.pop();
            order.add(node);
            for (int i = node.children().size() - 1; i >= 0; i--) stack.push(node.children().get(i));
        }
        IdentityHashMap<PlanNode, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) index.put(order.get(i), i);
        StringBuilder out = new StringBuilder("{\"nodes\":[");
        for (int i = 0; i < order.size(); i++) {
            PlanNode node = order.get(i);
            out.append(i == 0 ? "" : ",").append("{\"op\":").append(JSON.writeValueAsString(node.op()))
                    .append(",\"props\":").append(JSON.writeValueAsString(node.props())).append(",\"children\":[");
            for (int c = 0; c < node.children().size(); c++) out.append(c == 0 ? "" : ",").append(index.get(node.children().get(c)));
            out.append("]}");
        }
        return out.append("]}").toString();
    }

    @Test
    void identicalTreesHaveNoEdits() {
        TreeDiff diff = PlanTreeDiff.diff(tree(join("Partitioned", CUSTOMER, ORDERS)), tree(join("Partitioned", CUSTOMER, ORDERS)));
        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.distance()).isZero();
        assertThat(diff.fromNodes()).isEqualTo(diff.toNodes()).isEqualTo(7);
        assertThat(EditPattern.of(diff).description()).isEqualTo("no plan change");
    }

    @Test
    void modeChangeIsOneChangedEditWithBothValues() {
        TreeDiff diff = PlanTreeDiff.diff(tree(join("Partitioned", CUSTOMER, ORDERS)), tree(join("CollectLeft", CUSTOMER, ORDERS)));
        assertThat(diff.edits()).hasSize(1);
        TreeEdit edit = diff.edits().get(0);
        assertThat(edit.kind()).isEqualTo(Kind.CHANGED);
        assertThat(edit.fromPath()).isEqualTo(edit.toPath()).isEqualTo("ProjectionExec/AggregateExec/HashJoinExec");
        assertThat(edit.changes()).extracting(PropertyChange::property, c -> c.from().asString(), c -> c.to().asString())
                .containsExactly(tuple("mode", "Partitioned", "CollectLeft"));
        assertThat(edit.describe()).isEqualTo("HashJoinExec mode Partitioned \u2192 CollectLeft");
        assertThat(diff.distance()).isGreaterThan(0).isLessThan(0.5);
    }

    @Test
    void opChangeWithSameChildrenIsOneReplacedEdit() {
        String from = join("Partitioned", CUSTOMER, ORDERS);
        String to = from.replace("\"op\":\"HashJoinExec\",\"props\":{\"mode\":\"Partitioned\",", "\"op\":\"SortMergeJoinExec\",\"props\":{");
        TreeDiff diff = PlanTreeDiff.diff(tree(from), tree(to));
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::fromOp, TreeEdit::toOp, TreeEdit::toPath)
                .containsExactly(tuple(Kind.REPLACED, "HashJoinExec", "SortMergeJoinExec", "ProjectionExec/AggregateExec/SortMergeJoinExec"));
        assertThat(diff.edits().get(0).describe()).isEqualTo("HashJoinExec replaced by SortMergeJoinExec");
        assertThat(diff.distance()).isEqualTo(1.0);
        assertThat(fallback(from, to).edits()).isEqualTo(diff.edits());
    }

    @Test
    void insertedFilterIsOneAddedEditAndItsChildStaysMatched() {
        String from = join("Partitioned", CUSTOMER, ORDERS);
        String filtered = "{\"op\":\"FilterExec\",\"props\":{\"predicate\":\"c_mktsegment@1 = B\"},\"children\":[" + CUSTOMER + "]}";
        String to = join("Partitioned", filtered, ORDERS);
        TreeDiff diff = PlanTreeDiff.diff(tree(from), tree(to));
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::op, TreeEdit::fromPath, TreeEdit::toPath)
                .containsExactly(tuple(Kind.ADDED, "FilterExec", null,
                        "ProjectionExec/AggregateExec/HashJoinExec/RepartitionExec[0]/FilterExec"));
        assertThat(diff.edits().get(0).describe()).isEqualTo("added FilterExec under RepartitionExec");
        assertThat(diff.distance()).isEqualTo(1.0);
        assertThat(fallback(from, to).edits()).isEqualTo(diff.edits());
    }

    @Test
    void changeInsideTheSecondOfTwoSameOpChildrenCarriesTheIndex() {
        TreeDiff diff = PlanTreeDiff.diff(tree(join("Partitioned", CUSTOMER, ORDERS)),
                tree(join("Partitioned", CUSTOMER, ORDERS.replace("1995-03-15", "1996-01-01"))));
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::toPath).containsExactly(
                tuple(Kind.CHANGED, "ProjectionExec/AggregateExec/HashJoinExec/RepartitionExec[1]/DataSourceExec"));
    }

    @Test
    void swappedChildrenAreBothMoved() {
        String from = "{\"op\":\"HashJoinExec\",\"props\":{\"mode\":\"CollectLeft\"},\"children\":[" + CUSTOMER + "," + ORDERS + "]}";
        String to = "{\"op\":\"HashJoinExec\",\"props\":{\"mode\":\"CollectLeft\"},\"children\":[" + ORDERS + "," + CUSTOMER + "]}";
        TreeDiff diff = PlanTreeDiff.diff(tree(from), tree(to));
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::fromPath, TreeEdit::toPath).containsExactly(
                tuple(Kind.MOVED, "HashJoinExec/DataSourceExec[1]", "HashJoinExec/DataSourceExec[0]"),
                tuple(Kind.MOVED, "HashJoinExec/DataSourceExec[0]", "HashJoinExec/DataSourceExec[1]"));
        assertThat(diff.edits().get(0).describe())
                .isEqualTo("moved DataSourceExec from HashJoinExec/DataSourceExec[1] to HashJoinExec/DataSourceExec[0]");
        assertThat(fallback(from, to).edits()).isEqualTo(diff.edits());
    }

    @Test
    void subtreeMovedUnderAnotherParentIsOneMovedEdit() {
        String from = join("Partitioned", CUSTOMER, ORDERS);
        // The customer scan leaves its RepartitionExec and becomes a direct input of the join.
        String to = """
            {"op":"ProjectionExec","props":{"expr":["c_name@0"]},"children":[
              {"op":"AggregateExec","props":{"mode":"Single","gby":["c_name@0"],"aggr":["count(*)"]},"children":[
                {"op":"HashJoinExec","props":{"mode":"Partitioned","join_type":"Inner","on":["(c_custkey@0, o_custkey@1)"]},
                 "children":[
                   {"op":"RepartitionExec","props":{"partitioning":"Hash([o_custkey@1], 2)"},"children":[%s]},
                   %s]}]}]}
            """.formatted(ORDERS, CUSTOMER);
        TreeDiff diff = PlanTreeDiff.diff(tree(from), tree(to));
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::op).contains(tuple(Kind.MOVED, "DataSourceExec"));
        assertThat(diff.edits()).extracting(TreeEdit::kind).doesNotContain(Kind.ADDED, Kind.REPLACED);
    }

    @Test
    void filterNoLongerPushedIntoTheScanIsAChangedFiltersProperty() {
        String from = """
            {"op":"Projection","props":{"exprs":["a"]},"children":[
              {"op":"TableScan","props":{"table":"t","projection":["a"],"filters":["a > 5"]}}]}""";
        String to = """
            {"op":"Projection","props":{"exprs":["a"]},"children":[
              {"op":"Filter","props":{"predicate":"a > 5"},"children":[
                {"op":"TableScan","props":{"table":"t","projection":["a"],"filters":[]}}]}]}""";
        TreeDiff diff = PlanTreeDiff.diff(tree(from), tree(to));
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::toPath).containsExactly(
                tuple(Kind.ADDED, "Projection/Filter"),
                tuple(Kind.CHANGED, "Projection/Filter/TableScan"));
        assertThat(diff.edits()).extracting(TreeEdit::describe).containsExactly(
                "added Filter under Projection", "TableScan filters [a > 5] \u2192 []");
        assertThat(diff.edits().get(1).fromPath()).isEqualTo("Projection/TableScan");
    }

    @Test
    void removedSubtreeIsOneRemovedEdit() {
        String from = """
            {"op":"Join","props":{"join_type":"LeftSemi"},"children":[
              {"op":"TableScan","props":{"table":"a"}},
              {"op":"SubqueryAlias","props":{"alias":"s"},"children":[{"op":"TableScan","props":{"table":"b"}}]}]}""";
        String to = """
            {"op":"Join","props":{"join_type":"LeftSemi"},"children":[{"op":"TableScan","props":{"table":"a"}}]}""";
        TreeDiff diff = PlanTreeDiff.diff(tree(from), tree(to));
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::op, TreeEdit::fromPath, TreeEdit::toPath)
                .containsExactly(tuple(Kind.REMOVED, "SubqueryAlias", "Join/SubqueryAlias", null));
        assertThat(diff.distance()).isEqualTo(2.0);
        assertThat(diff.edits().get(0).describe()).isEqualTo("removed SubqueryAlias under Join");
    }

    @Test
    void absentTreeAgainstAPlanIsOneAddedRoot() {
        TreeDiff diff = PlanTreeDiff.diff(null, tree(join("Partitioned", CUSTOMER, ORDERS)));
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::toPath, TreeEdit::describe)
                .containsExactly(tuple(Kind.ADDED, "ProjectionExec", "added ProjectionExec at root"));
        assertThat(diff.distance()).isEqualTo(7.0);
        assertThat(diff.fromNodes()).isZero();
    }

    @Test
    void sameChangeInDifferentQueriesHasTheSamePattern() {
        String otherLeft = scan("supplier", "s_nationkey@3 = 7"), otherRight = scan("nation", "n_name@1 = FRANCE");
        String otherJoin = join("%s", otherLeft, otherRight).replace("c_custkey@0, o_custkey@1", "s_nationkey@3, n_nationkey@0")
                .replace("c_name@0", "s_name@1");
        EditPattern first = EditPattern.of(PlanTreeDiff.diff(tree(join("Partitioned", CUSTOMER, ORDERS)),
                tree(join("CollectLeft", CUSTOMER, ORDERS))));
        EditPattern second = EditPattern.of(PlanTreeDiff.diff(tree(otherJoin.formatted("Partitioned")),
                tree(otherJoin.formatted("CollectLeft"))));
        assertThat(second).isEqualTo(first);
        assertThat(first.description()).isEqualTo("changed HashJoinExec under AggregateExec: mode Partitioned\u2192CollectLeft");
        assertThat(first.key()).matches("[0-9a-f]{64}");

        String semi = join("Partitioned", CUSTOMER, ORDERS).replace("\"Inner\"", "\"LeftSemi\"");
        EditPattern other = EditPattern.of(PlanTreeDiff.diff(tree(join("Partitioned", CUSTOMER, ORDERS)), tree(semi)));
        assertThat(other.key()).isNotEqualTo(first.key());
        assertThat(other.description()).isEqualTo("changed HashJoinExec under AggregateExec: join_type Inner\u2192LeftSemi");
    }

    @Test
    void columnReferencesStayOutOfThePattern() {
        EditPattern pattern = EditPattern.of(PlanTreeDiff.diff(tree(join("Partitioned", CUSTOMER, ORDERS)),
                tree(join("Partitioned", CUSTOMER, ORDERS.replace("o_orderdate@2", "o_shipdate@5")))));
        assertThat(pattern.description()).isEqualTo("changed DataSourceExec under RepartitionExec: predicate");
    }

    /** A chain of {@code depth} operators built as JSON nodes (JSON text that deep exceeds the parser's nesting limit). */
    private static ObjectNode chain(int depth, int changedAt, int insertAt) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode at = root;
        for (int level = 0; level < depth; level++) {
            if (level == insertAt) {
                at.put("op", "CoalesceBatchesExec");
                at.putObject("props").put("target_batch_size", 8192);
                at = at.putArray("children").addObject();
            }
            at.put("op", level % 2 == 0 ? "ProjectionExec" : "FilterExec");
            at.putObject("props").put("expr", "c" + level + (level == changedAt ? "_changed" : ""));
            if (level + 1 < depth) at = at.putArray("children").addObject();
        }
        return root;
    }

    @Test
    void fiveThousandDeepChainDiffsWithoutRecursion() {
        TreeDiff diff = PlanTreeDiff.diff(chain(5_000, 2_500, -1), chain(5_000, -1, 4_000));
        assertThat(diff.fromNodes()).isEqualTo(5_000);
        assertThat(diff.toNodes()).isEqualTo(5_001);
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::op)
                .containsExactly(tuple(Kind.CHANGED, "ProjectionExec"), tuple(Kind.ADDED, "CoalesceBatchesExec"));
        assertThat(diff.edits().get(0).toPath()).startsWith("ProjectionExec/FilterExec/").contains("levels");
        assertThat(EditPattern.of(diff).description())
                .isEqualTo("added CoalesceBatchesExec under FilterExec; changed ProjectionExec under FilterExec: expr");
    }

    @Test
    void deepChainWithinTheExactLimitUsesZhangShashaWithoutRecursion() {
        // 1 500 × 1 500 cells is under the limit: the exact algorithm itself must not recurse over depth.
        TreeDiff diff = PlanTreeDiff.diff(chain(1_500, 700, -1), chain(1_500, -1, 1_000));
        assertThat(diff.edits()).extracting(TreeEdit::kind).containsExactly(Kind.CHANGED, Kind.ADDED);
        assertThat(diff.distance()).isEqualTo(1.5); // expr changed (its only prop: 0.5) + one insert
    }

    private static ObjectNode wide(int width, int changed, int removed) {
        ObjectNode root = JSON.createObjectNode().put("op", "UnionExec");
        root.putObject("props");
        ArrayNode children = root.putArray("children");
        for (int k = 0; k < width; k++) {
            if (k == removed) continue;
            ObjectNode child = children.addObject().put("op", "DeclaredScanExec");
            child.putObject("props").put("table", "t" + k).put("rows", k == changed ? 999_999 : k);
        }
        return root;
    }

    @Test
    void threeThousandWideNodeDiffs() {
        TreeDiff diff = PlanTreeDiff.diff(wide(3_000, 10, 2_000), wide(3_000, 1_500, -1));
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::toPath, TreeEdit::fromPath).containsExactly(
                tuple(Kind.CHANGED, "UnionExec/DeclaredScanExec[10]", "UnionExec/DeclaredScanExec[10]"),
                tuple(Kind.CHANGED, "UnionExec/DeclaredScanExec[1500]", "UnionExec/DeclaredScanExec[1500]"),
                tuple(Kind.ADDED, "UnionExec/DeclaredScanExec[2000]", null));
    }

    @Test
    void fallbackGivesTheSameEditsAsTheExactAlignmentOnPlanShapedTrees() {
        String base = join("Partitioned", CUSTOMER, ORDERS);
        String filtered = "{\"op\":\"FilterExec\",\"props\":{\"predicate\":\"x\"},\"children\":[" + ORDERS + "]}";
        for (String to : List.of(join("CollectLeft", CUSTOMER, ORDERS), join("Partitioned", CUSTOMER, filtered),
                join("Partitioned", ORDERS, CUSTOMER), base.replace("AggregateExec", "SortExec"))) {
            TreeDiff exact = PlanTreeDiff.diff(tree(base), tree(to));
            TreeDiff approximate = fallback(base, to);
            assertThat(approximate.edits()).as(to).isEqualTo(exact.edits());
            assertThat(approximate.distance()).isEqualTo(exact.distance());
        }
    }

    @Test
    void hugeTreesTakeTheFallbackAndStillReportPlanEdits() {
        // 2 100 × 2 101 nodes is over the cell limit; wrap every scan of a wide union in a new FilterExec.
        ObjectNode from = wide(2_100, -1, -1), to = wide(2_100, 5, -1);
        ArrayNode kids = (ArrayNode) to.get("children");
        ObjectNode wrapped = JSON.createObjectNode().put("op", "FilterExec");
        wrapped.putObject("props").put("predicate", "rows@1 > 0");
        wrapped.putArray("children").add(kids.get(7));
        kids.set(7, wrapped);
        TreeDiff diff = PlanTreeDiff.diff(from, to);
        assertThat((long) diff.fromNodes() * diff.toNodes()).isGreaterThan(PlanTreeDiff.MAX_CELLS);
        assertThat(diff.edits()).extracting(TreeEdit::kind, TreeEdit::toPath).containsExactly(
                tuple(Kind.CHANGED, "UnionExec/DeclaredScanExec[5]"),
                tuple(Kind.ADDED, "UnionExec/FilterExec"));
        assertThat(diff.distance()).isEqualTo(1.25);
    }

    // ---- Zhang–Shasha against a brute-force forest edit distance, on random small trees ----

    private static PlanNode randomTree(Random random, int[] budget) {
        budget[0]--;
        SortedMap<String, JsonNode> props = new TreeMap<>();
        props.put("k", JSON.getNodeFactory().stringNode(random.nextBoolean() ? "x" : "y"));
        if (random.nextInt(3) == 0) props.put("m", JSON.getNodeFactory().numberNode(random.nextInt(2)));
        List<PlanNode> children = new ArrayList<>();
        while (budget[0] > 0 && random.nextInt(3) > 0) children.add(randomTree(random, budget));
        return new PlanNode(List.of("A", "B", "C").get(random.nextInt(3)), props, children);
    }

    private static double label(PlanNode v, PlanNode w) {
        if (!v.op().equals(w.op())) return 1;
        Set<String> keys = new TreeSet<>(v.props().keySet());
        keys.addAll(w.props().keySet());
        if (keys.isEmpty()) return 0;
        return 0.5 * keys.stream().filter(k -> !Objects.equals(v.props().get(k), w.props().get(k))).count() / keys.size();
    }

    /** The textbook recursion on ordered forests (rightmost roots), memoised on node identity. */
    private static double bruteForce(List<PlanNode> f, List<PlanNode> g, Map<List<PlanNode>, Map<List<PlanNode>, Double>> memo,
            IdentityHashMap<PlanNode, Integer> ids) {
        if (f.isEmpty() && g.isEmpty()) return 0;
        Double known = memo.computeIfAbsent(key(f, ids), k -> new HashMap<>()).get(key(g, ids));
        if (known != null) return known;
        double best = Double.MAX_VALUE;
        if (!f.isEmpty()) best = Math.min(best, bruteForce(expandLast(f), g, memo, ids) + 1);
        if (!g.isEmpty()) best = Math.min(best, bruteForce(f, expandLast(g), memo, ids) + 1);
        if (!f.isEmpty() && !g.isEmpty()) {
            PlanNode v = f.get(f.size() - 1), w = g.get(g.size() - 1);
            best = Math.min(best, bruteForce(f.subList(0, f.size() - 1), g.subList(0, g.size() - 1), memo, ids)
                    + bruteForce(v.children(), w.children(), memo, ids) + label(v, w));
        }
        memo.get(key(f, ids)).put(key(g, ids), best);
        return best;
    }

    private static List<PlanNode> key(List<PlanNode> forest, IdentityHashMap<PlanNode, Integer> ids) {
        // Wrap each node by identity: PlanNode equality is structural, but the memo must tell equal subtrees apart
        // only by position, which identity does.
        List<PlanNode> out = new ArrayList<>();
        for (PlanNode n : forest) {
            ids.computeIfAbsent(n, x -> ids.size());
            out.add(new PlanNode("#" + ids.get(n), new TreeMap<>(), List.of()));
        }
        return out;
    }

    private static List<PlanNode> expandLast(List<PlanNode> forest) {
        List<PlanNode> out = new ArrayList<>(forest.subList(0, forest.size() - 1));
        out.addAll(forest.get(forest.size() - 1).children());
        return out;
    }

    private static double cost(IndexedTree a, IndexedTree b, int[] mapping) {
        double cost = a.size + b.size;
        for (int i = 0; i < a.size; i++) {
            if (mapping[i] >= 0) cost += NodeCosts.label(a, i, b, mapping[i]) - 2;
        }
        return cost;
    }

    /** A tree mapping keeps ancestry and sibling order: checked pair by pair on post-order ranges. */
    private static void assertValidMapping(IndexedTree a, IndexedTree b, int[] mapping) {
        for (int i1 = 0; i1 < a.size; i1++) {
            for (int i2 = 0; i2 < a.size; i2++) {
                int j1 = mapping[i1], j2 = mapping[i2];
                if (i1 == i2 || j1 < 0 || j2 < 0) continue;
                assertThat(j1).isNotEqualTo(j2);
                boolean ancestorA = a.leftmost[i1] <= i2 && i2 < i1, ancestorB = b.leftmost[j1] <= j2 && j2 < j1;
                assertThat(ancestorB).isEqualTo(ancestorA);
                assertThat(j1 < j2).isEqualTo(i1 < i2);
            }
        }
    }

    @Test
    void zhangShashaIsOptimalAndBothAlignersGiveValidMappings() {
        Random random = new Random(42);
        for (int round = 0; round < 400; round++) {
            PlanNode from = randomTree(random, new int[] {1 + random.nextInt(8)});
            PlanNode to = randomTree(random, new int[] {1 + random.nextInt(8)});
            IndexedTree.Interner interner = new IndexedTree.Interner();
            IndexedTree a = new IndexedTree(from, interner), b = new IndexedTree(to, interner);

            int[] plain = ZhangShasha.align(a, b, new NodeCosts(a, b, false));
            assertValidMapping(a, b, plain);
            double expected = bruteForce(List.of(from), List.of(to), new HashMap<>(), new IdentityHashMap<>());
            assertThat(cost(a, b, plain)).as("round %d", round).isCloseTo(expected, within(1e-9));

            NodeCosts anchored = new NodeCosts(a, b);
            int[] exact = ZhangShasha.align(a, b, anchored), topDown = TopDownAligner.align(a, b, anchored);
            assertValidMapping(a, b, exact);
            assertValidMapping(a, b, topDown);
            assertThat(cost(a, b, exact)).isGreaterThanOrEqualTo(expected - 1e-9).isLessThanOrEqualTo(cost(a, b, topDown) + 1e-9);
            assertThat(PlanTreeDiff.diff(from, from).isEmpty()).isTrue();
        }
    }
}
