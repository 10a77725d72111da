package dev.planprovenance.service.bench;

import dev.planprovenance.service.support.Requests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real captures the store-scale benchmark's bulk rows reference: TPC-H q1-q22 over schema-only tables declaring
 * scale-factor-100 statistics, each in {@code variants} variants of what shapes a plan in production (a table's
 * declared size, a join or repartitioning setting), captured over HTTP through the real engine. All variants of a
 * query are captures of one plan ({@code template-qN}, environment {@code templates}), so the drift service can
 * compare any two of them.
 */
final class StoreScaleTemplates {
    /** What a variant changes: declared rows of one table scaled, and config overrides. */
    private record Variant(String table, double scale, Map<String, String> config) {}

    private static final List<Variant> VARIANTS = List.of(
            new Variant(null, 1, Map.of()),
            new Variant(null, 1, Map.of("datafusion.optimizer.prefer_hash_join", "false")),
            new Variant("customer", 1000, Map.of()),
            new Variant(null, 1, Map.of("datafusion.optimizer.repartition_joins", "false")),
            new Variant("orders", 0.001, Map.of()),
            new Variant("customer", 1000, Map.of("datafusion.optimizer.prefer_hash_join", "false")),
            new Variant(null, 1, Map.of("datafusion.optimizer.enable_round_robin_repartition", "false")),
            new Variant("lineitem", 0.01, Map.of()),
            new Variant(null, 1, Map.of("datafusion.optimizer.hash_join_single_partition_threshold", "0")),
            new Variant("part", 1000, Map.of()),
            new Variant(null, 1, Map.of("datafusion.optimizer.max_passes", "1")),
            new Variant("supplier", 0.0001, Map.of()));

    /** One real capture: query {@code query} (1-22) in variant {@code variant}. */
    record Template(int query, int variant, UUID captureId) {}

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final int variants;

    StoreScaleTemplates(String base, int variants) {
        if (variants < 2 || variants > VARIANTS.size()) {
            throw new IllegalArgumentException("--variants is 2.." + VARIANTS.size());
        }
        this.base = base;
        this.variants = variants;
    }

    List<Template> capture() throws Exception {
        List<Template> templates = new ArrayList<>();
        for (int q = 1; q <= 22; q++) {
            for (int v = 0; v < variants; v++) templates.add(new Template(q, v, post(request(q, VARIANTS.get(v)))));
        }
        return templates;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> request(int q, Variant variant) {
        Map<String, Object> body = Requests.schemaOnly("template-q" + q, q);
        body.put("environment", "templates");
        body.put("config", variant.config());
        List<Object> tables = new ArrayList<>();
        for (Object t : (List<Object>) body.get("tables")) {
            Map<String, Object> table = new LinkedHashMap<>((Map<String, Object>) t);
            if (table.get("name").equals(variant.table())) {
                Map<String, Object> statistics = new LinkedHashMap<>((Map<String, Object>) table.get("statistics"));
                statistics.put("num_rows", scaled(statistics.get("num_rows"), variant.scale()));
                statistics.put("total_byte_size", scaled(statistics.get("total_byte_size"), variant.scale()));
                table.put("statistics", statistics);
            }
            tables.add(table);
        }
        body.put("tables", tables);
        return body;
    }

    private static long scaled(Object value, double scale) {
        return Math.max(1, Math.round(((Number) value).doubleValue() * scale));
    }

    private UUID post(Map<String, Object> body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/captures"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return UUID.fromString(JSON.readTree(response.body()).path("id").asString());
    }
}
