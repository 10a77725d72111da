package dev.planprovenance.engine.tpch;

import dev.planprovenance.engine.ColumnSpec;
import dev.planprovenance.engine.ColumnStatistics;
import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.engine.TableStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small TPC-H-shaped Parquet data, written by DataFusion itself from {@code range()}, deterministically: the same
 * scale always gives the same rows. Also declares production-sized statistics for schema-only captures.
 */
public final class TpchData {
    /** Rows per table at scale 1 of this generator (kept small: planning, not execution, is what we test). */
    public static final Map<String, Long> ROWS = Map.of(
            "region", 5L, "nation", 25L, "supplier", 10L, "part", 200L, "partsupp", 800L,
            "customer", 150L, "orders", 1500L, "lineitem", 6000L);

    /** TPC-H scale factor 100 row counts, declared for schema-only tables. */
    public static final Map<String, Long> SF100_ROWS = Map.of(
            "region", 5L, "nation", 25L, "supplier", 1_000_000L, "part", 20_000_000L, "partsupp", 80_000_000L,
            "customer", 15_000_000L, "orders", 150_000_000L, "lineitem", 600_037_902L);

    private TpchData() {}

    /** Writes one folder per table under {@code root} (one Parquet file each); returns table name to folder. */
    public static Map<String, Path> generate(EngineSession session, TpchCorpus corpus, Path root) {
        Map<String, Path> folders = new LinkedHashMap<>();
        corpus.tables().forEach((table, columns) -> {
            Path folder = root.resolve(table);
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            session.writeParquet(selectFor(table, columns, ROWS.get(table)), folder.resolve("part-0.parquet").toString());
            folders.put(table, folder);
        });
        return folders;
    }

    static String selectFor(String table, List<ColumnSpec> columns, long rows) {
        List<String> exprs = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnSpec c = columns.get(i);
            exprs.add(expression(c, i == 0) + " AS " + c.name());
        }
        return "SELECT " + String.join(", ", exprs) + " FROM range(1, " + (rows + 1) + ")";
    }

    private static String expression(ColumnSpec c, boolean primaryKey) {
        String type = c.type().toUpperCase();
        String name = c.name();
        if (type.equals("BIGINT")) {
            if (primaryKey) return "CAST(value AS BIGINT)";
            return "CAST((value - 1) % " + referencedRows(name) + " + 1 AS BIGINT)";
        }
        if (type.equals("INT")) return "CAST(value % 50 + 1 AS INT)";
        if (type.startsWith("DECIMAL")) {
            String base = name.endsWith("discount") || name.endsWith("tax") ? "(value % 11) / 100.0" : "(value % 100000) / 100.0";
            return "CAST(" + base + " AS " + c.type() + ")";
        }
        if (type.equals("DATE")) return "CAST(CAST(8035 + value % 2500 AS INT) AS DATE)";
        return "concat('" + name + "#', CAST(value % 97 AS VARCHAR))";
    }

    private static long referencedRows(String column) {
        for (String table : List.of("region", "nation", "supp", "part", "cust", "order")) {
            if (column.endsWith(table + "key")) {
                return switch (table) {
                    case "supp" -> ROWS.get("supplier");
                    case "cust" -> ROWS.get("customer");
                    case "order" -> ROWS.get("orders");
                    default -> ROWS.get(table);
                };
            }
        }
        return 100;
    }

    /** Production-sized (SF100) statistics: row counts, and key columns' distinct counts and ranges. */
    public static TableStatistics sf100Statistics(String table, List<ColumnSpec> columns) {
        long rows = SF100_ROWS.get(table);
        Map<String, ColumnStatistics> stats = new LinkedHashMap<>();
        ColumnSpec key = columns.get(0);
        if (key.type().equalsIgnoreCase("BIGINT")) {
            stats.put(key.name(), new ColumnStatistics(0L, "1", Long.toString(rows), rows));
        }
        return new TableStatistics(rows, rows * 120, stats);
    }
}
