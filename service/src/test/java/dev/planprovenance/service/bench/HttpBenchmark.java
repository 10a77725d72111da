package dev.planprovenance.service.bench;

import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.engine.tpch.TpchData;
import dev.planprovenance.service.ProvenanceServiceApplication;
import dev.planprovenance.service.runtime.RuntimePools;
import dev.planprovenance.service.support.Requests;
import dev.planprovenance.service.support.TpchQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP benchmark (not a test): starts the service on embedded PostgreSQL, then measures bare planning in-process,
 * new-plan and repeat captures over HTTP with 1 and 8 clients, and the bytes stored per repeat capture. Prints a
 * table and ends with one JSON line. Run: {@code ./mvnw -pl service -am test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.planprovenance.service.bench.HttpBenchmark}.
 */
public final class HttpBenchmark {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    /**
     * Requests sent before anything is measured, so the JIT has compiled the service path (see warmUp). After 400 the
     * C1/C2 compiler threads still took 16-19% of the process CPU through the measured phases on 2 cores (perf): the
     * figures measured compilation. 3000 measures the service as it runs once warm.
     */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 3000);
    /** TPC-H repeat captures sent after the new-plan phase and before the repeat phases, not measured. */
    private static final int REPEAT_WARMUP = Integer.getInteger("bench.repeat-warmup", 1100);
    /** Native runtimes in the engine pool (the service's own default is 2; this benchmark has always used 4). */
    private static final int POOL = Integer.getInteger("bench.pool", 4);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("bench-http");
        Path data = Files.createDirectories(work.resolve("data")).toRealPath();
        // Command-line arguments outrank application.yml (default properties would not).
        String[] settings = {"--server.port=0", "--provenance.data-roots=" + data, "--provenance.pool.size=" + POOL,
                "--provenance.embedded-postgres.data-dir=" + work.resolve("postgres"), "--logging.level.root=WARN"};
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ProvenanceServiceApplication.class)
                .run(settings)) {
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/v1/captures";
            RuntimePools pools = app.getBean(RuntimePools.class);
            try (EngineSession session = pools.borrow("default")) {
                TpchData.generate(session, TpchQuery.CORPUS, data);
            }
            List<Map<String, Object>> tpch = new ArrayList<>();
            for (int q = 1; q <= 22; q++) tpch.add(Requests.parquet("bench-q" + q, q, data));

            warmUp(pools, data, base);
            List<Double> bare = barePlanning(pools, data, false);
            List<Double> engineCapture = barePlanning(pools, data, true);
            List<Double> sessionCapture = sessionCaptures(pools, tpch);
            List<Double> newPlans1 = run(1, 22, i -> tpch.get(i), base);
            // The repeat path with TPC-H's 8-table requests and large components, warmed on its own (not measured):
            // after the warm-up above alone, the compiler threads still took ~3.6 ms of CPU per measured repeat.
            run(1, REPEAT_WARMUP, i -> tpch.get(i % 22), base);
            var meters = app.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            PhaseSnapshot before1 = PhaseSnapshot.take(meters);
            List<Double> repeat1 = run(1, 22 * ROUNDS, i -> tpch.get(i % 22), base);
            PhaseSnapshot after1 = PhaseSnapshot.take(meters);
            List<Double> newPlans8 = run(8, 400, i -> fresh(data, i), base);
            PhaseSnapshot before8 = PhaseSnapshot.take(meters);
            long wall = System.nanoTime();
            List<Double> repeat8 = run(8, 22 * ROUNDS * 4, i -> tpch.get(i % 22), base);
            double perSecond8 = repeat8.size() / ((System.nanoTime() - wall) / 1e9);
            PhaseSnapshot after8 = PhaseSnapshot.take(meters);
            double bytesPerRepeat = bytesPerRepeat(app.getBean(JdbcClient.class), 2000, i -> tpch.get(0), base);
            // The JSON line's figure repeats q1 only; this one repeats all 22 queries, whose plans differ in shape.
            double bytesPerRepeatAll = bytesPerRepeat(app.getBean(JdbcClient.class), 22 * 20,
                    i -> tpch.get(i % 22), base);

            System.out.printf("%-28s %8s %8s%n", "suite", "p50 ms", "p99 ms");
            print("bare planning (in-process)", bare);
            print("engine capture (in-process)", engineCapture);
            print("session+tables+capture", sessionCapture);
            print("new plan, 1 client", newPlans1);
            print("repeat, 1 client", repeat1);
            print("new plan, 8 clients", newPlans8);
            print("repeat, 8 clients", repeat8);
            System.out.printf("repeat, 1 client, mean per capture: client %.2f ms, %s%n", mean(repeat1),
                    after1.perCapture(before1, repeat1.size()));
            System.out.printf("repeat, 8 clients, mean per capture: client %.2f ms, %s%n", mean(repeat8),
                    after8.perCapture(before8, repeat8.size()));
            System.out.printf("repeat captures/s at 8 clients: %.1f; stored bytes per repeat capture: %.0f%n",
                    perSecond8, bytesPerRepeat);
            System.out.printf("stored bytes per repeat capture over q1-q22: %.0f%n", bytesPerRepeatAll);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("suite", "http");
            line.put("bare_planning_p50_ms", round(percentile(bare, 50)));
            line.put("repeat_p50_ms", round(percentile(repeat1, 50)));
            line.put("repeat_p99_ms_8", round(percentile(repeat8, 99)));
            line.put("captures_per_s_8", round(perSecond8));
            line.put("bytes_per_repeat", Math.round(bytesPerRepeat));
            line.put("new_plan_p50_ms", round(percentile(newPlans1, 50)));
            line.put("engine_capture_p50_ms", round(percentile(engineCapture, 50)));
            line.put("session_capture_p50_ms", round(percentile(sessionCapture, 50)));
            System.out.println(JSON.writeValueAsString(line));
        } finally {
            // The context (and its embedded PostgreSQL) is closed by now; each run's data is ~130 MB of /tmp.
            deleteTree(work);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * In-process on a session with the same tables as the HTTP requests: bare planning (SQL to physical plan, the
     * engine's {@code planOnly}, as {@code bench/run engine} measures it), or the engine's full capture with nothing
     * stored. (Planning {@code SELECT * FROM (q) LIMIT 0} instead would let the optimizer fold the whole query into an
     * empty relation and measure almost nothing.)
     */
    private static List<Double> barePlanning(RuntimePools pools, Path data, boolean fullCapture) {
        List<Double> times = new ArrayList<>();
        try (EngineSession session = pools.borrow("default")) {
            TpchQuery.CORPUS.tables().keySet().forEach(t -> session.registerParquet(t, data.resolve(t) + "/"));
            session.registerView("revenue0", TpchQuery.of(15).viewSql());
            for (int round = 0; round < ROUNDS; round++) {
                for (int q = 1; q <= 22; q++) {
                    long start = System.nanoTime();
                    if (fullCapture) session.capture(TpchQuery.of(q).sql(), Map.of());
                    else session.planOnly(TpchQuery.of(q).sql());
                    if (round > 0) times.add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        return times;
    }

    /** What a capture request costs the engine: borrow a session, register the 8 tables (+ view), capture. */
    @SuppressWarnings("unchecked")
    private static List<Double> sessionCaptures(RuntimePools pools, List<Map<String, Object>> requests) {
        List<Double> times = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Map<String, Object> request : requests) {
                long start = System.nanoTime();
                try (EngineSession session = pools.borrow("default")) {
                    for (Object t : (List<Object>) request.get("tables")) {
                        Map<String, String> table = (Map<String, String>) t;
                        if (table.containsKey("view")) session.registerView(table.get("name"), table.get("view"));
                        else session.registerParquet(table.get("name"), table.get("location"));
                    }
                    session.capture((String) request.get("sql"), Map.of());
                }
                if (round > 0) times.add((System.nanoTime() - start) / 1e6);
            }
        }
        return times;
    }

    /**
     * A freshly started JVM interprets, then compiles, the service path: on two cores the JIT's threads take a good
     * share of the CPU for the first few hundred requests. Warm-up requests take the same path as the measured ones
     * (engine capture in-process; over HTTP new plans, each sent three times, so repeats too) with queries and plan
     * names that no measured phase uses, so the new-plan phases still store new content.
     */
    private static void warmUp(RuntimePools pools, Path data, String url) throws Exception {
        if (WARMUP <= 0) return;
        try (EngineSession session = pools.borrow("default")) {
            TpchQuery.CORPUS.tables().keySet().forEach(t -> session.registerParquet(t, data.resolve(t) + "/"));
            session.registerView("revenue0", TpchQuery.of(15).viewSql());
            for (int i = 0; i < WARMUP / 4; i++) session.capture(TpchQuery.of(1 + i % 22).sql(), Map.of());
        }
        run(2, WARMUP, i -> {
            Map<String, Object> body = new LinkedHashMap<>(Requests.simple("bench-warmup-" + i / 3, data, Map.of()));
            body.put("sql", "SELECT l_linestatus, sum(l_tax) FROM lineitem WHERE l_discount < " + (i / 3)
                    + " GROUP BY l_linestatus");
            return body;
        }, url);
    }

    private static Map<String, Object> fresh(Path data, int i) {
        Map<String, Object> body = new LinkedHashMap<>(Requests.simple("bench-new-" + i, data, Map.of()));
        body.put("sql", "SELECT l_returnflag, count(*) FROM lineitem WHERE l_quantity > " + (1000 + i)
                + " GROUP BY l_returnflag");
        return body;
    }

    private static List<Double> run(int clients, int requests, IntFunction<Map<String, Object>> body, String url)
            throws Exception {
        List<Double> times = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    times.add(post(url, body.apply(n)));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        return times;
    }

    private static double post(String url, Map<String, Object> body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        long start = System.nanoTime();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 201) throw new IllegalStateException(response.statusCode() + " " + response.body());
        return ms;
    }

    /** Growth of every table and index of the schema over {@code repeats} repeated captures, per capture. */
    private static double bytesPerRepeat(JdbcClient jdbc, int repeats, IntFunction<Map<String, Object>> body, String url)
            throws Exception {
        String size = "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'";
        jdbc.sql("CHECKPOINT").update();
        long before = jdbc.sql(size).query(Long.class).single();
        run(4, repeats, body, url);
        jdbc.sql("CHECKPOINT").update();
        long after = jdbc.sql(size).query(Long.class).single();
        return (after - before) / (double) repeats;
    }

    private static void print(String name, List<Double> times) {
        System.out.printf("%-28s %8.2f %8.2f%n", name, percentile(times, 50), percentile(times, 99));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
