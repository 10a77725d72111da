package dev.planprovenance.service.bench;

import dev.planprovenance.service.ProvenanceServiceApplication;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.drift.CaptureDocumentLoader;
import dev.planprovenance.service.drift.CaptureLocator;
import dev.planprovenance.service.drift.DriftService;
import dev.planprovenance.service.drift.EnvironmentComparer;
import dev.planprovenance.service.feed.DriftEventRecorder;
import dev.planprovenance.service.store.CanonicalJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * `bench/run store-scale [--captures N] [--plans P] [--variants V]` (not a test): the read side over a store of a
 * realistic size. The service starts on embedded PostgreSQL; a few hundred real captures go through the real engine
 * over HTTP ({@link StoreScaleTemplates}: TPC-H q1-q22, V variants each of declared statistics and config), then
 * {@link StoreScaleLoader} writes N capture rows of P plans in two environments in bulk, each referencing the stored
 * component set of one real capture (so content is shared exactly as real repeats share it), with identity changes,
 * and the drift events those changes are (their causes computed by the real drift service). Then it measures over HTTP
 * the drift report of a plan (its two latest captures, and the change of a drift event), a page of the drift feed, and
 * the comparison of the two environments; it prints a table and ends with one JSON line.
 */
public final class StoreScaleBenchmark {
    /** Requests sent before each measured phase (at most as many as it measures), so the JIT has compiled it. */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 100);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = options(args);
        int captures = options.getOrDefault("captures", 100_000);
        int plans = options.getOrDefault("plans", 1_000);
        // A few hundred real captures at full size (22 queries x 12 variants); a tiny run needs only two variants.
        int variants = options.getOrDefault("variants", Math.max(2, Math.min(12, plans / 80)));
        int samples = options.getOrDefault("samples", Math.max(20, Math.min(300, plans / 3)));
        if (plans < 1 || captures < 2 * plans) {
            throw new IllegalArgumentException("need --plans >= 1 and --captures >= 2 x plans (two environments)");
        }

        Path work = Files.createTempDirectory("bench-store-scale");
        String[] settings = {"--server.port=0", "--provenance.embedded-postgres.data-dir=" + work.resolve("postgres"),
                "--provenance.data-roots=" + Files.createDirectories(work.resolve("data")), "--logging.level.root=WARN"};
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ProvenanceServiceApplication.class)
                .run(settings)) {
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            JdbcClient jdbc = app.getBean(JdbcClient.class);

            long start = System.nanoTime();
            List<StoreScaleTemplates.Template> templates = new StoreScaleTemplates(base, variants).capture();
            double templateSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            StoreScaleLoader loader = new StoreScaleLoader(jdbc, app.getBean(DataSource.class), templates, variants);
            StoreScaleLoader.Loaded loaded = loader.load(plans, captures);
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            int events = loader.recordEvents(pair -> causeOf(app.getBean(DriftService.class), pair),
                    app.getBean(CanonicalJson.class));
            double eventSeconds = (System.nanoTime() - start) / 1e9;
            jdbc.sql("VACUUM ANALYZE").update(); // what autovacuum does to a store that grew; measured after it
            Stored stored = stored(jdbc);
            System.out.printf(Locale.ROOT, "store: %d captures of %d plans (%d real captures, %d component sets,"
                            + " %d drift events), %.1f MB; real captures %.1f s, bulk load %.1f s, events %.1f s%n",
                    stored.captures, stored.plans, templates.size(), stored.sets, events, stored.bytes / 1e6,
                    templateSeconds, loadSeconds, eventSeconds);

            Random random = new Random(42);
            List<String> names = loaded.planNames();
            List<String[]> changes = jdbc.sql("SELECT plan_name, to_capture_id::text FROM drift_event"
                            + " WHERE environment = 'prod' ORDER BY id")
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
            long prodEvents = changes.size();
            int feedPages = (int) Math.max(1, (prodEvents + 49) / 50);

            measure(Math.min(WARMUP, samples), () -> base + "/v1/plans/" + names.get(random.nextInt(names.size()))
                    + "/drift?environment=prod");
            List<Double> drift = measure(samples, () -> base + "/v1/plans/" + names.get(random.nextInt(names.size()))
                    + "/drift?environment=prod");
            List<Double> driftChange = changes.isEmpty() ? List.of() : measure(samples, () -> {
                String[] change = changes.get(random.nextInt(changes.size()));
                return base + "/v1/plans/" + change[0] + "/drift?to=" + change[1];
            });
            measure(Math.min(WARMUP, samples), () -> base + "/v1/drift?environment=prod&page=" + random.nextInt(feedPages));
            List<Double> feed = measure(samples, () -> base + "/v1/drift?environment=prod&page="
                    + random.nextInt(feedPages));
            List<Double> feedAll = measure(samples, () -> base + "/v1/drift?page=" + random.nextInt(feedPages));
            String compareUrl = base + "/v1/environments/compare?from=prod&to=staging";
            measure(2, () -> compareUrl);
            List<Double> compare = measure(Integer.getInteger("bench.compare-runs", 10), () -> compareUrl);
            JsonNode comparison = JSON.readTree(get(compareUrl));
            int feedBytes = get(base + "/v1/drift?environment=prod").length();
            CompareBreakdown breakdown = compareBreakdown(app);

            System.out.printf("%-44s %8s %8s%n", "request", "p50 ms", "p99 ms");
            print("drift report, latest two in prod", drift);
            if (!driftChange.isEmpty()) print("drift report, a drift event's change", driftChange);
            print("feed page (prod, 50 events)", feed);
            print("feed page (every environment, 50 events)", feedAll);
            print("compare prod/staging (" + comparison.path("plans_compared").asInt() + " plans, "
                    + comparison.path("changed").asInt() + " changed)", compare);

            System.out.printf(Locale.ROOT, "feed page: %d bytes; compare in-process: latest per plan %.1f ms, %d"
                            + " captures' documents loaded %.1f ms (one capture per distinct component set, %d:"
                            + " %.1f ms), whole comparison %.1f ms%n", feedBytes, breakdown.latestMs,
                    breakdown.loaded, breakdown.loadMs, breakdown.sets, breakdown.loadPerSetMs, breakdown.totalMs);
            if (!changes.isEmpty()) {
                String[] change = changes.get(changes.size() / 2);
                driftBreakdown(app, jdbc, change[1]);
                System.out.printf("drift report sizes: latest two in prod %d bytes, a drift event's change %d bytes%n",
                        get(base + "/v1/plans/" + change[0] + "/drift?environment=prod").length(),
                        get(base + "/v1/plans/" + change[0] + "/drift?to=" + change[1]).length());
            }
            if (Boolean.getBoolean("bench.explain")) explain(jdbc);

            Map<String, Object> line = new LinkedHashMap<>();
            line.put("suite", "store-scale");
            line.put("captures", stored.captures);
            line.put("plans", stored.plans);
            line.put("drift_events", events);
            line.put("drift_p50_ms", round(percentile(drift, 50)));
            line.put("drift_p99_ms", round(percentile(drift, 99)));
            line.put("drift_change_p50_ms", driftChange.isEmpty() ? null : round(percentile(driftChange, 50)));
            line.put("feed_p50_ms", round(percentile(feed, 50)));
            line.put("compare_p50_ms", round(percentile(compare, 50)));
            line.put("compare_plans", comparison.path("plans_compared").asInt());
            System.out.println(JSON.writeValueAsString(line));
        } finally {
            deleteTree(work);
        }
    }

    private record CompareBreakdown(double latestMs, int loaded, double loadMs, double totalMs, int sets,
            double loadPerSetMs) {}

    /**
     * Where the comparison's time goes, in-process (medians of 5): the latest capture of every plan in both
     * environments (one query), the documents of every changed plan's two captures (what the comparison loads), and
     * the whole comparison.
     */
    private static CompareBreakdown compareBreakdown(ConfigurableApplicationContext app) {
        CaptureLocator locator = app.getBean(CaptureLocator.class);
        CaptureDocumentLoader documents = app.getBean(CaptureDocumentLoader.class);
        EnvironmentComparer comparer = app.getBean(EnvironmentComparer.class);
        Map<String, List<CaptureLocator.Latest>> latest = locator.latestPerPlan("prod", "staging");
        Map<String, CaptureLocator.Latest> staging = new HashMap<>();
        latest.get("staging").forEach(l -> staging.put(l.planName(), l));
        List<UUID> changed = new ArrayList<>();
        for (CaptureLocator.Latest p : latest.get("prod")) {
            CaptureLocator.Latest s = staging.get(p.planName());
            if (s != null && !s.planIdentityHash().equals(p.planIdentityHash())) {
                changed.add(p.id());
                changed.add(s.id());
            }
        }
        // The changed plans' captures reference far fewer component sets than there are captures (repeats share
        // them): what loading each distinct set's documents once would cost.
        List<UUID> onePerSet = changed.isEmpty() ? List.of() : app.getBean(JdbcClient.class)
                .sql("SELECT DISTINCT ON (component_set_key) id FROM capture WHERE id IN (:ids)")
                .param("ids", changed).query(UUID.class).list();
        return new CompareBreakdown(median(() -> locator.latestPerPlan("prod", "staging")), changed.size(),
                median(() -> documents.load(changed)),
                median(() -> comparer.compare("prod", "staging", DriftService.DEFAULT_TOLERANCE)),
                onePerSet.size(), median(() -> documents.load(onePerSet)));
    }

    /** Where one drift report's time goes, in-process (medians of 5): its two captures' documents, the report. */
    private static void driftBreakdown(ConfigurableApplicationContext app, JdbcClient jdbc, String toId) {
        UUID to = UUID.fromString(toId);
        UUID from = jdbc.sql("SELECT from_capture_id FROM drift_event WHERE to_capture_id = :to").param("to", to)
                .query(UUID.class).single();
        CaptureDocumentLoader documents = app.getBean(CaptureDocumentLoader.class);
        DriftService drift = app.getBean(DriftService.class);
        System.out.printf(Locale.ROOT, "drift report in-process (a drift event's change): documents loaded %.1f ms,"
                        + " whole report %.1f ms%n", median(() -> documents.load(List.of(from, to))),
                median(() -> drift.between(from, to, DriftService.DEFAULT_TOLERANCE)));
    }

    private static double median(Runnable work) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            work.run();
            times.add((System.nanoTime() - start) / 1e6);
        }
        return percentile(times, 50);
    }

    /** -Dbench.explain=true: the plans PostgreSQL chose for the feed's and the comparison's queries, with timings. */
    private static void explain(JdbcClient jdbc) {
        for (String sql : List.of(
                "SELECT count(*) FROM drift_event WHERE environment = 'prod'",
                "SELECT id, cause::text, first_diverging_rule::text FROM drift_event WHERE environment = 'prod'"
                        + " ORDER BY detected_at DESC, id DESC LIMIT 50 OFFSET 500",
                "SELECT DISTINCT ON (c.environment, c.plan_id) c.environment, p.name, c.id, c.plan_identity_hash"
                        + " FROM capture c JOIN plan p ON p.id = c.plan_id WHERE c.environment IN ('prod', 'staging')"
                        + " ORDER BY c.environment, c.plan_id, c.created_at DESC, c.id",
                // The same answer by one index probe per plan and environment instead of a scan of every capture.
                "SELECT e.environment, p.name, l.id, l.plan_identity_hash FROM plan p"
                        + " CROSS JOIN (VALUES ('prod'), ('staging')) AS e (environment)"
                        + " CROSS JOIN LATERAL (SELECT c.id, c.plan_identity_hash FROM capture c"
                        + " WHERE c.plan_id = p.id AND c.environment = e.environment"
                        + " ORDER BY c.created_at DESC, c.id LIMIT 1) l")) {
            System.out.println("EXPLAIN ANALYZE " + sql);
            jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + sql).query(String.class).list()
                    .forEach(line -> System.out.println("  " + line));
        }
    }

    /** The drift service's cause for one pair of real captures, as the recorder would store it. */
    private static StoreScaleLoader.Cause causeOf(DriftService drift, StoreScaleLoader.Pair pair) {
        DriftReport report = drift.between(pair.from(), pair.to(), DriftService.DEFAULT_TOLERANCE);
        // What DriftEventRecorder keeps of a report.
        return new StoreScaleLoader.Cause(report.getCause(),
                DriftEventRecorder.withoutOutputs(report.getFirstDivergingRule()));
    }

    private record Stored(long captures, long plans, long sets, long bytes) {}

    private static Stored stored(JdbcClient jdbc) {
        return new Stored(count(jdbc, "SELECT count(*) FROM capture"),
                count(jdbc, "SELECT count(DISTINCT plan_id) FROM capture"),
                count(jdbc, "SELECT count(*) FROM component_set"),
                count(jdbc, "SELECT pg_database_size(current_database())"));
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static List<Double> measure(int requests, java.util.function.Supplier<String> url) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String u = url.get();
            long start = System.nanoTime();
            get(u);
            times.add((System.nanoTime() - start) / 1e6);
        }
        return times;
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** {@code --name value} pairs of integers. */
    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: store-scale [--captures N] [--plans P] [--variants V]"
                        + " [--samples S]");
            }
            options.put(args[i].substring(2), Integer.parseInt(args[i + 1]));
        }
        return options;
    }

    private static void print(String name, List<Double> times) {
        System.out.printf(Locale.ROOT, "%-44s %8.2f %8.2f%n", name, percentile(times, 50), percentile(times, 99));
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
