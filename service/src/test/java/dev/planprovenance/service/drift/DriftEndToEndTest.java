package dev.planprovenance.service.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Base of the drift tests: the whole service with runtime profiles that differ from {@code default} in one input
 * each (one Spring context for every drift test class). {@code nohash} plans joins without hash joins, {@code
 * nopushdown} runs without the push_down_filter rule, {@code smallbatch} batches async UDF calls differently.
 */
@SpringBootTest(properties = {
        "provenance.profiles.nohash.config[datafusion.optimizer.prefer_hash_join]=false",
        "provenance.profiles.nopushdown.disabled-rules=push_down_filter",
        "provenance.profiles.smallbatch.async-udf-batch-size=7"})
abstract class DriftEndToEndTest extends EndToEndTest {

    protected JsonNode capture(Map<String, Object> request) throws Exception {
        Http.Response created = http.post("/v1/captures", request);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body();
    }

    protected static String id(JsonNode capture) {
        return capture.path("id").asString();
    }

    protected JsonNode artifact(JsonNode capture, String component) throws Exception {
        Http.Response response = http.get("/v1/captures/" + id(capture) + "/artifacts/" + component);
        assertThat(response.status()).as(component + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** The drift report of two captures through the HTTP API. */
    protected JsonNode drift(JsonNode from, JsonNode to) throws Exception {
        Http.Response response = http.get("/v1/plans/" + from.path("plan_name").asString() + "/drift?from="
                + id(from) + "&to=" + id(to));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    /** A schema-only request whose table {@code table} declares its row count and size scaled by {@code factor}. */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> scaled(Map<String, Object> request, String table, double factor) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(request);
        List<Object> tables = new ArrayList<>();
        for (Object t : (List<Object>) request.get("tables")) {
            Map<String, Object> entry = new java.util.LinkedHashMap<>((Map<String, Object>) t);
            if (table.equals(entry.get("name"))) {
                Map<String, Object> statistics = new java.util.LinkedHashMap<>((Map<String, Object>) entry.get("statistics"));
                statistics.put("num_rows", Math.round(((Number) statistics.get("num_rows")).longValue() * factor));
                statistics.put("total_byte_size",
                        Math.round(((Number) statistics.get("total_byte_size")).longValue() * factor));
                entry.put("statistics", statistics);
            }
            tables.add(entry);
        }
        copy.put("tables", tables);
        return copy;
    }

    /** A schema-only request whose table {@code table} has one more (nullable, unused) column. */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> withColumn(Map<String, Object> request, String table, String column) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(request);
        List<Object> tables = new ArrayList<>();
        for (Object t : (List<Object>) request.get("tables")) {
            Map<String, Object> entry = new java.util.LinkedHashMap<>((Map<String, Object>) t);
            if (table.equals(entry.get("name"))) {
                List<Object> schema = new ArrayList<>((List<Object>) entry.get("schema"));
                schema.add(Map.of("name", column, "type", "VARCHAR", "nullable", true));
                entry.put("schema", schema);
            }
            tables.add(entry);
        }
        copy.put("tables", tables);
        return copy;
    }

    protected static boolean hasPlanTree(JsonNode capture) {
        return strings(capture.path("components")).contains("plan-tree");
    }

    /**
     * The plan tree diff of one side names the operator (as op, from_op or to_op of an edit) and, when given, the
     * property among the edit's changes.
     */
    protected static void assertTreeEdit(JsonNode report, JsonNode a, JsonNode b, String side, String op,
            String property) {
        JsonNode tree = report.at("/components/" + side);
        assertThat(hasPlanTree(a) && hasPlanTree(b)).as("both captures carry plan-tree").isTrue();
        assertThat(tree.path("status").asString()).as(tree.toString()).isEqualTo("changed");
        boolean named = false;
        for (JsonNode edit : tree.path("edits")) {
            boolean ofOp = op.equals(edit.path("op").asString()) || op.equals(edit.path("from_op").asString())
                    || op.equals(edit.path("to_op").asString());
            boolean ofProperty = property == null || edit.path("changes").findValuesAsString("property").contains(property);
            named |= ofOp && ofProperty;
        }
        assertThat(named).as("an edit of %s%s in %s", op, property == null ? "" : " (" + property + ")", tree).isTrue();
        assertThat(tree.at("/pattern/key").asString()).isNotBlank();
    }

    /** Every op of a plan-tree side, flat ({@code nodes}) or nested. */
    protected static List<String> ops(JsonNode side) {
        List<String> ops = new ArrayList<>();
        if (side.path("nodes").isArray()) {
            side.path("nodes").forEach(n -> ops.add(n.path("op").asString()));
            return ops;
        }
        java.util.ArrayDeque<JsonNode> stack = new java.util.ArrayDeque<>(List.of(side));
        while (!stack.isEmpty()) {
            JsonNode node = stack.pop();
            ops.add(node.path("op").asString());
            node.path("children").forEach(stack::push);
        }
        return ops;
    }

    protected static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    /** The verbose EXPLAIN rows of a capture as the artifacts API answers them: [{plan_type, plan}]. */
    protected List<JsonNode> verboseRows(JsonNode capture) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        artifact(capture, "explain").path("explain_rows").path("verbose").forEach(rows::add);
        return rows;
    }

    /** The text of the plan after the step at a plan_type (its n-th occurrence, 0-based), or null. */
    protected static String text(List<JsonNode> rows, String planType, int occurrence) {
        int seen = 0;
        for (JsonNode row : rows) {
            if (row.path("plan_type").asString().equals(planType) && seen++ == occurrence) {
                return row.path("plan").asString();
            }
        }
        return null;
    }

    /** The text of the row just before the given one among the stage's rows (the plan the step received). */
    protected static String before(List<JsonNode> rows, String planType, int occurrence, String stagePrefix,
            String initial) {
        String previous = null;
        int seen = 0;
        for (JsonNode row : rows) {
            String type = row.path("plan_type").asString();
            if (type.equals(planType) && seen++ == occurrence) return previous;
            if (type.equals(initial) || type.startsWith(stagePrefix)) previous = row.path("plan").asString();
        }
        return null;
    }

    /**
     * The reported rule is where the two captures' rows first differ: its outputs are the captures' rows (read
     * through the artifacts API), they differ, and the plan each step received was the same in both.
     */
    protected void assertDivergenceMatchesExplain(JsonNode divergence, JsonNode a, JsonNode b, String stepPrefix,
            String initial) throws Exception {
        List<JsonNode> rowsA = verboseRows(a);
        List<JsonNode> rowsB = verboseRows(b);
        assertThat(divergence.path("kind").asString()).isIn("rule", "planning");
        String fromOutput = divergence.path("from_output").asString();
        String toOutput = divergence.path("to_output").asString();
        assertThat(fromOutput).isNotEqualTo(toOutput);
        if (divergence.path("kind").asString().equals("planning")) {
            assertThat(divergence.path("rule").asString()).isEqualTo(initial);
            assertThat(text(rowsA, initial, 0)).isEqualTo(fromOutput);
            assertThat(text(rowsB, initial, 0)).isEqualTo(toOutput);
            return;
        }
        String planType = stepPrefix + divergence.path("rule").asString();
        String presentIn = divergence.path("present_in").asString();
        if (!presentIn.equals("to_only")) assertThat(rowsA.stream().map(r -> r.path("plan").asString()))
                .contains(fromOutput);
        if (!presentIn.equals("from_only")) assertThat(rowsB.stream().map(r -> r.path("plan").asString()))
                .contains(toOutput);
        assertThat(withoutRowCounts(text(rowsA, initial, 0))).isEqualTo(withoutRowCounts(text(rowsB, initial, 0)));
        if (presentIn.equals("both")) {
            int occurrence = 0; // the first occurrence whose outputs differ
            while (text(rowsA, planType, occurrence) != null && withoutRowCounts(text(rowsA, planType, occurrence))
                    .equals(withoutRowCounts(text(rowsB, planType, occurrence)))) {
                occurrence++;
            }
            assertThat(text(rowsA, planType, occurrence)).isEqualTo(fromOutput);
            assertThat(text(rowsB, planType, occurrence)).isEqualTo(toOutput);
            // The plan each capture's step received was the same (declared row counts aside, which scans print).
            assertThat(withoutRowCounts(before(rowsA, planType, occurrence, stepPrefix, initial)))
                    .isEqualTo(withoutRowCounts(before(rowsB, planType, occurrence, stepPrefix, initial)));
        }
    }

    private static String withoutRowCounts(String plan) {
        return plan == null ? null : plan.replaceAll("(DeclaredScanExec: table=\\w+), rows=[^\\n]*", "$1");
    }
}
