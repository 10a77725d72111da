package dev.planprovenance.service.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Every content-addressed row one capture references, keyed and not yet written. {@code delta} is null for captures
 * without Delta tables.
 */
record CaptureParts(
        PendingRow request,
        PendingRow profile,
        PendingRow plans,
        PendingRow planningEnv,
        PendingRow rulepack,
        PendingRow explain,
        PendingRow statistics,
        PendingRow delta,
        PendingRow schema,
        PendingRow udfs,
        PendingRow audit) {

    /** In the order they are inserted (no row depends on another; rows that belong to one are written with it). */
    List<PendingRow> all() {
        List<PendingRow> rows = new ArrayList<>(11);
        if (delta != null) rows.add(delta);
        rows.addAll(List.of(request, profile, plans, planningEnv, rulepack, explain, statistics, schema, udfs, audit));
        return rows;
    }
}
