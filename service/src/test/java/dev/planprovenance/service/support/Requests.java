package dev.planprovenance.service.support;

import dev.planprovenance.engine.ColumnSpec;
import dev.planprovenance.engine.TableStatistics;
import dev.planprovenance.engine.tpch.TpchData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Capture request bodies, built as the JSON a client sends. */
public final class Requests {
    private Requests() {}

    /** TPC-H query {@code n} over the generated Parquet tables under {@code root}. */
    public static Map<String, Object> parquet(String planName, int n, Path root) {
        List<Object> tables = new ArrayList<>();
        for (String table : TpchQuery.CORPUS.tables().keySet()) {
            tables.add(Map.of("name", table, "format", "parquet", "location", root.resolve(table) + "/"));
        }
        return request(planName, TpchQuery.of(n), tables);
    }

    /** TPC-H query {@code n} over schema-only tables declaring scale-factor-100 statistics. */
    public static Map<String, Object> schemaOnly(String planName, int n) {
        List<Object> tables = new ArrayList<>();
        TpchQuery.CORPUS.tables().forEach((table, columns) -> {
            List<Object> schema = new ArrayList<>();
            for (ColumnSpec c : columns) schema.add(Map.of("name", c.name(), "type", c.type(), "nullable", c.nullable()));
            tables.add(Map.of("name", table, "schema", schema,
                    "statistics", statistics(TpchData.sf100Statistics(table, columns))));
        });
        return request(planName, TpchQuery.of(n), tables);
    }

    /**
     * {@code body} (e.g. from {@link #schemaOnly}) with {@code primaryKeys} (table → key columns) declared on its
     * schema-only tables: a copy, the table entries rewritten as mutable maps.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withPrimaryKeys(Map<String, Object> body, Map<String, List<String>> primaryKeys) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        List<Object> tables = new ArrayList<>();
        for (Object t : (List<Object>) body.get("tables")) {
            Map<String, Object> table = new LinkedHashMap<>((Map<String, Object>) t);
            List<String> key = primaryKeys.get((String) table.get("name"));
            if (key != null) table.put("primary_key", key);
            tables.add(table);
        }
        copy.put("tables", tables);
        return copy;
    }

    /** The engine's statistics type written as the request JSON declares it. */
    private static Map<String, Object> statistics(TableStatistics declared) {
        Map<String, Object> columns = new LinkedHashMap<>();
        declared.columns().forEach((name, c) -> {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("null_count", c.nullCount());
            column.put("min", c.min());
            column.put("max", c.max());
            column.put("distinct_count", c.distinctCount());
            columns.put(name, column);
        });
        return Map.of("num_rows", declared.numRows(), "total_byte_size", declared.totalByteSize(), "columns", columns);
    }

    private static Map<String, Object> request(String planName, TpchQuery query, List<Object> tables) {
        if (query.viewName() != null) tables.add(Map.of("name", query.viewName(), "view", query.viewSql()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan_name", planName);
        body.put("environment", "ci");
        body.put("sql", query.sql());
        body.put("tables", tables);
        body.put("labels", Map.of("query", "q" + query.number()));
        return body;
    }

    /** A small single-table request for tests that are about the service, not the query. */
    public static Map<String, Object> simple(String planName, Path root, Map<String, String> config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan_name", planName);
        body.put("sql", "SELECT l_returnflag, count(*) FROM lineitem WHERE l_quantity > 10 GROUP BY l_returnflag");
        body.put("tables", List.of(Map.of("name", "lineitem", "format", "parquet",
                "location", root.resolve("lineitem") + "/")));
        body.put("config", config);
        return body;
    }
}
