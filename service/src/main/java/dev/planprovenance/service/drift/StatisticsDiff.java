package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.StatisticChange;
import dev.planprovenance.service.api.model.StatisticsDrift;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Statistics per scan and column between two statistics documents ({@code scans}: [{scan, statistics{num_rows,
 * total_byte_size: {value, precision}, columns: [{column, null_count, distinct_count, min, max}]}}], and
 * {@code root}, the plan's output estimate). Scans are matched by table and occurrence (the scan text itself holds
 * the row count, so it cannot be the key). A numeric change whose ratio lies within the tolerance of 1 is noise.
 *
 * <p>The scans are the plan's statistics inputs; the root estimate is derived from them and the plan, so it is
 * reported (scan {@value #ROOT}) but never counts as an input change ({@link Result#inputChanged}).
 */
final class StatisticsDiff {
    static final String ROOT = "(plan root)";
    private static final Pattern DECLARED_TABLE = Pattern.compile("table=([^,\\s]+)");
    /** The directory of a Parquet scan's first file: {@code .../lineitem/part-0.parquet}. */
    private static final Pattern FILE_TABLE = Pattern.compile("([^/\\[\\s,]+)/[^/\\s,\\]]+\\.parquet");

    private StatisticsDiff() {}

    /** The component, and whether a scan statistic (an input of the plan) changed beyond the tolerance. */
    record Result(StatisticsDrift drift, boolean inputChanged) {}

    static Result diff(JsonNode from, JsonNode to, double tolerance) {
        if (!Json.present(from) || !Json.present(to)) {
            return new Result(new StatisticsDrift(DriftStatus.UNAVAILABLE, tolerance, List.of()), false);
        }
        if (from == to) return new Result(new StatisticsDrift(DriftStatus.UNCHANGED, tolerance, List.of()), false);
        List<StatisticChange> changes = new ArrayList<>();
        Map<String, JsonNode> a = scans(from);
        Map<String, JsonNode> b = scans(to);
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) compare(key, a.get(key), b.get(key), tolerance, changes);
        boolean inputChanged = changes.stream().anyMatch(c -> !c.getNoise());
        compare(ROOT, from.path("root"), to.path("root"), tolerance, changes);
        DriftStatus status = changes.isEmpty() ? DriftStatus.UNCHANGED
                : changes.stream().allMatch(StatisticChange::getNoise) ? DriftStatus.NOISE : DriftStatus.CHANGED;
        return new Result(new StatisticsDrift(status, tolerance, changes), inputChanged);
    }

    /** Scan statistics by "table" (or "table#2" for the second scan of a table), in plan order. */
    private static Map<String, JsonNode> scans(JsonNode statistics) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (JsonNode scan : Json.elements(statistics.path("scans"))) {
            String table = table(scan.path("scan").asString(""));
            int n = seen.merge(table, 1, Integer::sum);
            byKey.put(n == 1 ? table : table + "#" + n, scan.path("statistics"));
        }
        return byKey;
    }

    static String table(String scanText) {
        Matcher declared = DECLARED_TABLE.matcher(scanText);
        if (declared.find()) return declared.group(1);
        Matcher file = FILE_TABLE.matcher(scanText);
        if (file.find()) return file.group(1);
        return scanText.replaceAll("\\d+", "");
    }

    private static void compare(String scan, JsonNode from, JsonNode to, double tolerance,
            List<StatisticChange> out) {
        from = from == null ? tools.jackson.databind.node.MissingNode.getInstance() : from;
        to = to == null ? tools.jackson.databind.node.MissingNode.getInstance() : to;
        for (String statistic : List.of("num_rows", "total_byte_size")) {
            measure(scan, null, statistic, from.path(statistic), to.path(statistic), tolerance, out);
        }
        Map<String, JsonNode> a = columns(from);
        Map<String, JsonNode> b = columns(to);
        Set<String> names = new LinkedHashSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String column : names) {
            JsonNode ca = a.getOrDefault(column, tools.jackson.databind.node.MissingNode.getInstance());
            JsonNode cb = b.getOrDefault(column, tools.jackson.databind.node.MissingNode.getInstance());
            for (String statistic : List.of("null_count", "distinct_count", "min", "max")) {
                measure(scan, column, statistic, ca.path(statistic), cb.path(statistic), tolerance, out);
            }
        }
    }

    private static Map<String, JsonNode> columns(JsonNode statistics) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode c : Json.elements(statistics.path("columns"))) out.put(c.path("column").asString(), c);
        return out;
    }

    /** One {value, precision} pair: a value change (with its ratio for numbers) and a precision change. */
    private static void measure(String scan, String column, String statistic, JsonNode from, JsonNode to,
            double tolerance, List<StatisticChange> out) {
        String old = Json.text(from.path("value"));
        String now = Json.text(to.path("value"));
        if (!Objects.equals(old, now)) {
            Double ratio = ratio(old, now);
            boolean noise = ratio != null && Math.abs(ratio - 1) <= tolerance;
            out.add(new StatisticChange(scan, statistic, noise).column(column).from(old).to(now).ratio(ratio));
        }
        String oldPrecision = Json.text(from.path("precision"));
        String newPrecision = Json.text(to.path("precision"));
        if (!Objects.equals(oldPrecision, newPrecision)) {
            out.add(new StatisticChange(scan, "precision", false).column(column == null ? statistic
                    : column + "." + statistic).from(oldPrecision).to(newPrecision));
        }
    }

    private static Double ratio(String old, String now) {
        try {
            double a = Double.parseDouble(old);
            double b = Double.parseDouble(now);
            if (a == 0) return b == 0 ? 1.0 : null;
            return b / a;
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }
}
