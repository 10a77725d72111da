package dev.planprovenance.service.drift;

import java.util.regex.Pattern;

/**
 * Declared statistics are part of the plan as DataFusion prints and encodes it: a schema-only table's scan shows its
 * row count ({@code DeclaredScanExec: table=t, rows=Exact(6000000)}) and its encoding carries the statistics, so the
 * fingerprints and every physical rule output differ whenever a declared statistic does, even by 1 %. To tell a
 * plan that changed shape from one that only carries other numbers, plan texts are compared with those numbers
 * masked.
 */
final class ScanStatistics {
    private static final Pattern DECLARED_ROWS = Pattern.compile("(DeclaredScanExec: table=[^,\\n]+), rows=[^\\n]*");

    private ScanStatistics() {}

    static String masked(String planText) {
        return planText == null ? null : DECLARED_ROWS.matcher(planText).replaceAll("$1, rows=?");
    }
}
