package dev.planprovenance.engine.bench;

import dev.planprovenance.engine.EngineRuntime;
import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.engine.RuntimePool;
import dev.planprovenance.engine.RuntimeProfile;
import dev.planprovenance.engine.tpch.TpchCorpus;
import dev.planprovenance.engine.tpch.TpchData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * `bench/run engine`: for TPC-H q1–q22 over generated Parquet, bare planning (SQL to physical plan) and full capture
 * in the same session, medians over repeated runs, and the median of the per-query ratios as one JSON line.
 */
public final class EngineBenchmark {
    private static final int WARMUP = 5;
    private static final int RUNS = Integer.getInteger("bench.runs", 25);
    /** Comma-separated query names to run (default: all), e.g. {@code -Dbench.queries=q6,q22} when profiling one. */
    private static final String ONLY = System.getProperty("bench.queries", "");

    public static void main(String[] args) throws Exception {
        TpchCorpus corpus = TpchCorpus.locate();
        Path root = Files.createTempDirectory("bench-tpch").toRealPath();
        RuntimeProfile profile = RuntimeProfile.defaults("bench");
        try (EngineRuntime runtime = new EngineRuntime(profile, List.of(root)); EngineSession gen = runtime.openSession()) {
            TpchData.generate(gen, corpus, root);
        }
        List<Double> ratios = new ArrayList<>();
        double planTotal = 0, captureTotal = 0;
        System.out.printf("%-5s %12s %12s %7s%n", "query", "plan_ms_p50", "capture_ms_p50", "ratio");
        try (RuntimePool pool = new RuntimePool(profile, 1, List.of(root));
                EngineSession session = pool.borrow(Duration.ofSeconds(30))) {
            for (String table : TpchData.ROWS.keySet()) session.registerParquet(table, root.resolve(table).toString());
            for (String name : corpus.queryNames()) {
                if (!ONLY.isEmpty() && !List.of(ONLY.split(",")).contains(name)) continue;
                TpchCorpus.Query q = corpus.parsed(name);
                q.views().forEach((view, sql) -> {
                    try {
                        session.registerView(view, sql);
                    } catch (RuntimeException alreadyThere) {
                        // a view of an earlier query with the same name stays registered
                    }
                });
                double plan = median(() -> session.planOnly(q.sql()));
                double capture = median(() -> session.capture(q.sql(), Map.of()));
                ratios.add(capture / plan);
                planTotal += plan;
                captureTotal += capture;
                System.out.printf(Locale.ROOT, "%-5s %12.3f %12.3f %7.2f%n", name, plan, capture, capture / plan);
            }
        }
        deleteTree(root);
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT,
                "{\"suite\":\"engine\",\"median_capture_over_planning\":%.3f,\"max_capture_over_planning\":%.3f,"
                        + "\"total_planning_ms\":%.3f,\"total_capture_ms\":%.3f,\"queries\":%d,\"runs\":%d}%n",
                sorted[sorted.length / 2], sorted[sorted.length - 1], planTotal, captureTotal, sorted.length, RUNS);
    }

    /** The generated TPC-H data (a few MB per run) does not outlive the benchmark. */
    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static double median(Runnable call) {
        for (int i = 0; i < WARMUP; i++) call.run();
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
