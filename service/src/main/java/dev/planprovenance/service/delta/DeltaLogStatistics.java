package dev.planprovenance.service.delta;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Table statistics summed from the per-file {@code stats} of the Delta log (provenance {@code delta_log}), keyed by
 * logical column name. They describe what the Parquet scan returns: with deletion vectors present (a downgraded
 * read) the row and null counts are physical and marked inexact. Min/max are always inexact: Delta records bounds
 * (strings truncated, {@code tightBounds=false} after deletes), not necessarily values that occur.
 *
 * @param numRecords      null when a file has no {@code numRecords}
 * @param countsExact     row and null counts are exact (every file has stats and none has a deletion vector)
 * @param deletedRows     rows removed by deletion vectors (which a plain scan still returns)
 */
public record DeltaLogStatistics(Long numRecords, boolean countsExact, long deletedRows,
                                 SortedMap<String, Column> columns) {

    public static final String PROVENANCE = "delta_log";

    /** One column's statistics; any field may be null (unknown for at least one file). */
    public record Column(JsonNode min, JsonNode max, Long nullCount) {}

    // Big decimals keep the log's own spelling of numbers ("0.00"), so the canonical JSON repeats it exactly.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    public DeltaLogStatistics {
        columns = Collections.unmodifiableSortedMap(new TreeMap<>(columns));
    }

    public String provenance() {
        return PROVENANCE;
    }

    /** Empty when any active file lacks log stats: a partial sum would mislead the planner. */
    public static Optional<DeltaLogStatistics> of(DeltaSnapshot snapshot) {
        if (snapshot.files().isEmpty() || snapshot.files().stream().anyMatch(f -> f.statsJson() == null)) {
            return Optional.empty();
        }
        List<JsonNode> stats = snapshot.files().stream().map(f -> JSON.readTree(f.statsJson())).toList();
        Long numRecords = sum(stats.stream().map(s -> s.get("numRecords")).toList());
        SortedMap<String, Column> columns = new TreeMap<>();
        for (DeltaColumn column : snapshot.columns()) {
            if (column.type().equals("struct") || snapshot.partitionColumns().contains(column.name())) {
                continue;
            }
            columns.put(column.name(), new Column(
                    bound(stats, "minValues", column, -1), bound(stats, "maxValues", column, 1),
                    sum(stats.stream().map(s -> at(s.get("nullCount"), column.physicalPath())).toList())));
        }
        boolean exact = numRecords != null && snapshot.deletionVectorFileCount() == 0;
        return Optional.of(new DeltaLogStatistics(numRecords, exact, snapshot.deletedRowCount(), columns));
    }

    private static JsonNode at(JsonNode node, List<String> path) {
        for (String name : path) {
            if (node == null) {
                return null;
            }
            node = node.get(name);
        }
        return node == null || node.isNull() ? null : node;
    }

    private static Long sum(List<JsonNode> values) {
        long total = 0;
        for (JsonNode value : values) {
            if (value == null || !value.isIntegralNumber()) {
                return null;
            }
            total += value.longValue();
        }
        return total;
    }

    /** The smallest (sign -1) or largest (sign 1) bound over all files; null if one file lacks it. */
    private static JsonNode bound(List<JsonNode> stats, String kind, DeltaColumn column, int sign) {
        JsonNode best = null;
        for (JsonNode s : stats) {
            JsonNode value = at(s.get(kind), column.physicalPath());
            if (value == null) {
                return null;
            }
            Integer cmp = best == null ? Integer.valueOf(sign) : compare(value, best);
            if (cmp == null) {
                return null;
            }
            if (Integer.signum(cmp) == sign) {
                best = value;
            }
        }
        return best;
    }

    /** Numbers numerically; strings (also Delta's ISO dates and timestamps) by code point; else incomparable. */
    private static Integer compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            BigDecimal x = a.decimalValue();
            return x.compareTo(b.decimalValue());
        }
        if (a.isString() && b.isString()) {
            return a.stringValue().compareTo(b.stringValue());
        }
        return null;
    }
}
