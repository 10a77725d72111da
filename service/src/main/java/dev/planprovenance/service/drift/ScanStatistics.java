package dev.planprovenance.service.drift;

import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Declared statistics are part of the plan as DataFusion prints and encodes it: a schema-only table's scan shows its
 * row count ({@code DeclaredScanExec: table=t, rows=Exact(6000000)}) and its encoding carries the statistics, so the
 * fingerprints and every physical rule output differ whenever a declared statistic does, even by 1 %. To tell a
 * plan that changed shape from one that only carries other numbers, plan texts are compared with those numbers
 * masked.
 */
final class ScanStatistics {
    private static final String DECLARED_SCAN = "DeclaredScanExec";
    private static final Pattern DECLARED_ROWS = Pattern.compile("(DeclaredScanExec: table=[^,\\n]+), rows=[^\\n]*");

    private ScanStatistics() {}

    /**
     * A plan-tree side without the declared row count of its DeclaredScanExec nodes (prop {@code rows}): the same
     * node unchanged when it has none. Flat ({@code nodes}) and nested forms.
     */
    static JsonNode maskedTree(JsonNode side) {
        if (declaredScans(side, false) == 0) return side;
        JsonNode copy = side.deepCopy();
        declaredScans(copy, true);
        return copy;
    }

    /** Counts the DeclaredScanExec nodes, removing their {@code rows} prop when asked. */
    private static int declaredScans(JsonNode side, boolean mask) {
        int found = 0;
        boolean flat = side.path("nodes").isArray();
        java.util.ArrayDeque<JsonNode> stack = new java.util.ArrayDeque<>();
        if (flat) side.path("nodes").forEach(stack::push);
        else stack.push(side);
        while (!stack.isEmpty()) {
            JsonNode node = stack.pop();
            if (DECLARED_SCAN.equals(node.path("op").asString(""))) {
                found++;
                if (mask && node.path("props").isObject()) ((ObjectNode) node.path("props")).remove("rows");
            }
            if (!flat) {
                node.path("children").forEach(child -> {
                    if (child.isObject()) stack.push(child);
                });
            }
        }
        return found;
    }

    static String masked(String planText) {
        return planText == null ? null : DECLARED_ROWS.matcher(planText).replaceAll("$1, rows=?");
    }
}
