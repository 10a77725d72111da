package dev.planprovenance.service.drift.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * One operator of a {@code plan-tree} component. Immutable; props are sorted by key so every later comparison and
 * signature is independent of the JSON's key order.
 *
 * <p>The component stores each plan flat, {@code {"nodes": [{"op", "props", "children": [indices]}, ...]}} in
 * pre-order with the root first: a plan may be 5 000 operators deep, and nested JSON that deep exceeds what Jackson
 * (1 000 levels by default, each plan level takes two), Python's {@code json} and PostgreSQL's parser accept. The
 * nested form ({@code {"op", "props", "children": [nodes]}}) is read too, for documents built by hand.
 */
public record PlanNode(String op, SortedMap<String, JsonNode> props, List<PlanNode> children) {

    public PlanNode {
        props = Collections.unmodifiableSortedMap(new TreeMap<>(props));
        children = List.copyOf(children);
    }

    /**
     * Parses a node and its descendants. Iterative (explicit stack, children built before parents) because plans can
     * be thousands of levels deep and recursion would overflow a request thread's stack. Missing fields read as an
     * empty op / no props / no children rather than failing: a drift report should still show what it can.
     */
    public static PlanNode parse(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) return null;
        if (root.path("nodes").isArray()) return parseFlat(root.path("nodes"));
        record Frame(JsonNode json, List<PlanNode> built) {}
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root, new ArrayList<>()));
        PlanNode result = null;
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            JsonNode kids = top.json().path("children");
            int next = top.built().size();
            if (kids.isArray() && next < kids.size()) {
                stack.push(new Frame(kids.get(next), new ArrayList<>()));
                continue;
            }
            stack.pop();
            PlanNode node = new PlanNode(top.json().path("op").asString(""), props(top.json().path("props")),
                    top.built());
            if (stack.isEmpty()) result = node;
            else stack.peek().built().add(node);
        }
        return result;
    }

    /**
     * The stored form: pre-order, so every child's index is greater than its parent's and the nodes can be built from
     * the last to the first. An index that breaks this (a hand-made document) is left out rather than followed, so a
     * malformed document can never loop.
     */
    private static PlanNode parseFlat(JsonNode nodes) {
        if (nodes.isEmpty()) return null;
        PlanNode[] built = new PlanNode[nodes.size()];
        for (int i = nodes.size() - 1; i >= 0; i--) {
            JsonNode json = nodes.get(i);
            List<PlanNode> children = new ArrayList<>();
            for (JsonNode child : json.path("children")) {
                int index = child.asInt(-1);
                if (index > i && index < built.length && built[index] != null) children.add(built[index]);
            }
            built[i] = new PlanNode(json.path("op").asString(""), props(json.path("props")), children);
        }
        return built[0];
    }

    /** Structural equality, walked with a stack: the generated record equals would recurse over the tree's depth. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof PlanNode that)) return false;
        Deque<PlanNode[]> pending = new ArrayDeque<>();
        pending.push(new PlanNode[] {this, that});
        while (!pending.isEmpty()) {
            PlanNode[] pair = pending.pop();
            PlanNode a = pair[0], b = pair[1];
            if (a == b) continue;
            if (!a.op.equals(b.op) || !a.props.equals(b.props) || a.children.size() != b.children.size()) return false;
            for (int i = 0; i < a.children.size(); i++) pending.push(new PlanNode[] {a.children.get(i), b.children.get(i)});
        }
        return true;
    }

    /** Shallow (op, props, arity), consistent with {@link #equals} and constant-depth. */
    @Override
    public int hashCode() {
        return Objects.hash(op, props, children.size());
    }

    /** Shallow, so that logging or an assertion message never walks a deep plan. */
    @Override
    public String toString() {
        return "PlanNode[op=" + op + ", props=" + props + ", children=" + children.size() + "]";
    }

    private static SortedMap<String, JsonNode> props(JsonNode json) {
        SortedMap<String, JsonNode> out = new TreeMap<>();
        if (json.isObject()) {
            // Values are scalars or flat string lists; copying keeps the node immutable against the caller's tree.
            for (Map.Entry<String, JsonNode> e : json.properties()) out.put(e.getKey(), e.getValue().deepCopy());
        }
        return out;
    }
}
