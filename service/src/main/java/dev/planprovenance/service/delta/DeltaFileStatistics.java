package dev.planprovenance.service.delta;

import dev.planprovenance.engine.ColumnStatistics;
import dev.planprovenance.engine.TableStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One file's Delta log statistics in the engine's shape, keyed by physical column name (the names in the Parquet
 * files the engine reads). Only top-level columns of types whose bounds the engine parses unambiguously carry
 * min/max; timestamps and nested fields keep their counts only. The engine treats all of it as inexact.
 */
final class DeltaFileStatistics {
    /** Big decimals, so a DECIMAL(20, 10) bound is not rounded through a double. */
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Set<String> BOUNDED_TYPES =
            Set.of("byte", "short", "integer", "long", "float", "double", "string", "date");

    private DeltaFileStatistics() {}

    /** Null when the file has no log stats or its snapshot has deletion vectors (counts would overstate rows). */
    static TableStatistics of(DeltaFile file, List<DeltaColumn> columns) {
        if (file.statsJson() == null || file.hasDeletionVector()) return null;
        JsonNode stats = JSON.readTree(file.statsJson());
        if (!stats.path("numRecords").isNumber()) return null;
        Map<String, ColumnStatistics> byColumn = new LinkedHashMap<>();
        for (DeltaColumn column : columns) {
            if (column.physicalPath().size() != 1) continue;
            String name = column.physicalPath().get(0);
            JsonNode nulls = stats.path("nullCount").path(name);
            boolean bounded = BOUNDED_TYPES.contains(column.type()) || column.type().startsWith("decimal");
            String min = bounded ? text(stats.path("minValues").path(name)) : null;
            String max = bounded ? text(stats.path("maxValues").path(name)) : null;
            Long nullCount = nulls.isNumber() ? nulls.asLong() : null;
            if (min != null || max != null || nullCount != null) {
                byColumn.put(name, new ColumnStatistics(nullCount, min, max, null));
            }
        }
        return new TableStatistics(stats.path("numRecords").asLong(), null, byColumn);
    }

    /** Plain decimal notation: the log may write -1.0E10, which a DECIMAL column's parser does not take. */
    private static String text(JsonNode value) {
        if (value.isNumber()) return value.decimalValue().toPlainString();
        if (value.isString()) return value.asString();
        return null;
    }
}
