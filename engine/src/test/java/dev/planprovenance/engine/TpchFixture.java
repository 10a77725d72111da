package dev.planprovenance.engine;

import dev.planprovenance.engine.tpch.TpchCorpus;
import dev.planprovenance.engine.tpch.TpchData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One generated TPC-H data set per test JVM, and helpers to register it in a session. */
final class TpchFixture {
    static final Duration BORROW = Duration.ofSeconds(30);
    static final TpchCorpus CORPUS = TpchCorpus.locate();
    static final Path ROOT = createRoot();
    static final Map<String, Path> FOLDERS = generate();

    private TpchFixture() {}

    /** The generated data (and every folder a test makes under it) is deleted when the test JVM exits. */
    private static Path createRoot() {
        try {
            Path root = Files.createTempDirectory("tpch-data").toRealPath();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Path> generate() {
        try (EngineRuntime runtime = new EngineRuntime(RuntimeProfile.defaults("datagen"), List.of(ROOT));
                EngineSession session = runtime.openSession()) {
            return TpchData.generate(session, CORPUS, ROOT);
        }
    }

    /** The corpus's query names, for {@code @MethodSource("dev.planprovenance.engine.TpchFixture#queries")}. */
    static java.util.stream.Stream<String> queries() {
        return CORPUS.queryNames().stream();
    }

    static RuntimePool pool(RuntimeProfile profile, int size, PlanLimits limits) {
        return new RuntimePool(profile, size, List.of(ROOT), limits);
    }

    static RuntimePool pool(RuntimeProfile profile, int size) {
        return new RuntimePool(profile, size, List.of(ROOT));
    }

    static void registerParquet(EngineSession session) {
        FOLDERS.forEach((table, folder) -> session.registerParquet(table, folder.toString()));
    }

    /** Registers the query's views (q15) and captures its SELECT. */
    static CaptureResult capture(EngineSession session, String query) {
        TpchCorpus.Query q = CORPUS.parsed(query);
        q.views().forEach(session::registerView);
        return session.capture(q.sql(), Map.of());
    }

    static void registerSchemaOnly(EngineSession session) {
        CORPUS.tables().forEach((table, columns) ->
                session.registerSchemaOnly(table, columns, TpchData.sf100Statistics(table, columns)));
    }
}
