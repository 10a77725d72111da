package dev.planprovenance.service.drift.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/**
 * A plan tree flattened into post-order arrays, the layout Zhang–Shasha works on: node {@code i}'s subtree is the
 * contiguous range {@code [leftmost[i], i]}. Built with an explicit stack (plans can be thousands of levels deep).
 * Op, props and whole-subtree content are interned to ints through an {@link Interner} shared by both sides of a
 * diff, so "same op", "same props" and "identical subtree" are int comparisons.
 */
final class IndexedTree {
    /** Paths deeper than this keep their head and tail only; a 5 000-level path would otherwise be ~100 KB per edit. */
    private static final int PATH_HEAD = 40, PATH_TAIL = 80;

    final int size;
    final PlanNode[] node;
    final int[] leftmost, parent, childIndex, preorder, opId, propsId, contentId;
    final int[][] kids;
    /** True when a sibling has the same op, so the path needs the child index to say which one. */
    final boolean[] ambiguous;
    final int[] keyroots;

    static final class Interner {
        private final Map<String, Integer> ids = new HashMap<>();

        int id(String key) {
            return ids.computeIfAbsent(key, k -> ids.size());
        }
    }

    IndexedTree(PlanNode root, Interner interner) {
        int n = count(root);
        size = n;
        node = new PlanNode[n];
        leftmost = new int[n];
        parent = new int[n];
        childIndex = new int[n];
        preorder = new int[n];
        opId = new int[n];
        propsId = new int[n];
        contentId = new int[n];
        kids = new int[n][];
        ambiguous = new boolean[n];
        Arrays.fill(parent, -1);
        if (n > 0) flatten(root, interner);
        keyroots = keyroots();
    }

    int subtreeSize(int i) {
        return i - leftmost[i] + 1;
    }

    /** {@code root/child/...}, with {@code [index]} on a segment whose siblings share its op (or on the last one if asked). */
    String path(int i, boolean indexLast) {
        List<String> segments = new ArrayList<>();
        for (int at = i; at >= 0; at = parent[at]) {
            boolean index = ambiguous[at] || (indexLast && at == i && parent[at] >= 0 && kids[parent[at]].length > 1);
            segments.add(index ? node[at].op() + "[" + childIndex[at] + "]" : node[at].op());
        }
        StringJoiner path = new StringJoiner("/");
        int depth = segments.size();
        for (int s = depth - 1; s >= 0; s--) {
            int fromRoot = depth - 1 - s;
            if (depth > PATH_HEAD + PATH_TAIL && fromRoot == PATH_HEAD) {
                path.add("\u2026" + (depth - PATH_HEAD - PATH_TAIL) + " levels\u2026");
                s = PATH_TAIL;
                continue;
            }
            path.add(segments.get(s));
        }
        return path.toString();
    }

    private static int count(PlanNode root) {
        if (root == null) return 0;
        int n = 0;
        Deque<PlanNode> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            n++;
            stack.pop().children().forEach(stack::push);
        }
        return n;
    }

    private void flatten(PlanNode root, Interner interner) {
        final class Frame {
            final PlanNode plan;
            final int pre, firstPost;
            final int[] childPosts;
            int next;

            Frame(PlanNode plan, int pre, int firstPost) {
                this.plan = plan;
                this.pre = pre;
                this.firstPost = firstPost;
                this.childPosts = new int[plan.children().size()];
            }
        }
        Deque<Frame> stack = new ArrayDeque<>();
        int pre = 0, post = 0;
        stack.push(new Frame(root, pre++, post));
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            if (top.next < top.childPosts.length) {
                stack.push(new Frame(top.plan.children().get(top.next), pre++, post));
                continue;
            }
            stack.pop();
            int i = post++;
            node[i] = top.plan;
            leftmost[i] = top.firstPost;
            preorder[i] = top.pre;
            kids[i] = top.childPosts;
            opId[i] = interner.id("o:" + top.plan.op());
            propsId[i] = interner.id("p:" + canonicalProps(top.plan));
            StringBuilder content = new StringBuilder("c:").append(opId[i]).append(':').append(propsId[i]);
            Map<Integer, Integer> opsSeen = new HashMap<>();
            for (int c = 0; c < kids[i].length; c++) {
                int child = kids[i][c];
                parent[child] = i;
                childIndex[child] = c;
                content.append(',').append(contentId[child]);
                opsSeen.merge(opId[child], 1, Integer::sum);
            }
            for (int child : kids[i]) ambiguous[child] = opsSeen.get(opId[child]) > 1;
            contentId[i] = interner.id(content.toString());
            if (!stack.isEmpty()) {
                Frame up = stack.peek();
                up.childPosts[up.next++] = i;
            }
        }
    }

    private static String canonicalProps(PlanNode plan) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : plan.props().entrySet()) {
            out.append(e.getKey()).append('=').append(e.getValue()).append('\u0001');
        }
        return out.toString();
    }

    /** Zhang–Shasha keyroots: the root plus every node that has a left sibling (the highest node per leftmost leaf). */
    private int[] keyroots() {
        boolean[] seen = new boolean[size];
        int[] out = new int[size];
        int k = 0;
        for (int i = size - 1; i >= 0; i--) {
            if (!seen[leftmost[i]]) {
                seen[leftmost[i]] = true;
                out[k++] = i;
            }
        }
        int[] sorted = Arrays.copyOf(out, k);
        Arrays.sort(sorted);
        return sorted;
    }
}
