package dev.planprovenance.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deep plans of many shapes, at sizes DataFusion itself plans, captured from a thread with a small stack (as a
 * servlet worker's): each captures or is refused as too large, and the runtime captures normally afterwards. Before
 * capture ran on the planning stack, a 700-branch union took the whole JVM down. (Sizes: the `datafusion` 55 wheel
 * plans each of them in a plain process; a left-deep arithmetic chain is the costly shape, as DataFusion names and
 * types every level of it again: 500 terms capture in ~4 s, 1000 in ~26 s.)
 */
class DeepPlanTest {
    private static RuntimePool pool;

    @BeforeAll
    static void start() {
        pool = TpchFixture.pool(RuntimeProfile.defaults("deep"), 1);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static String shape(String name, int n) {
        IntFunction<String> each = switch (name) {
            case "union" -> i -> "select a from t where a = " + i;
            case "or" -> i -> "a = " + i;
            case "plus" -> i -> "1";
            case "join" -> i -> "t t" + i;
            case "subquery" -> i -> "a in (select a from t where a = " + i + ")";
            case "cte" -> i -> "c" + i + " as (select a + 1 as a from " + (i == 0 ? "t" : "c" + (i - 1)) + ")";
            case "case" -> i -> "when a = " + i + " then " + i;
            default -> throw new IllegalArgumentException(name);
        };
        String parts = IntStream.range(0, n).mapToObj(each).collect(Collectors.joining(switch (name) {
            case "union" -> " union all ";
            case "or" -> " or ";
            case "plus" -> " + ";
            case "join" -> " cross join ";
            case "subquery" -> " and ";
            case "cte" -> ", ";
            case "case" -> " ";
            default -> throw new IllegalArgumentException(name);
        }));
        return switch (name) {
            case "union" -> parts;
            case "or", "subquery" -> "select a from t where " + parts;
            case "plus" -> "select a + " + parts + " as s from t";
            case "join" -> "select count(*) from " + parts;
            case "cte" -> "with " + parts + " select a from c" + (n - 1);
            case "case" -> "select case " + parts + " else -1 end as c from t";
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Runs {@code body} on a thread with 256 KiB of stack, a quarter of a default JVM thread's. */
    static <T> T onSmallStack(java.util.function.Supplier<T> body) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(body.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        if (failure.get() instanceof RuntimeException e) throw e;
        if (failure.get() != null) throw new AssertionError(failure.get());
        return result.get();
    }

    private static CaptureResult capture(String sql) throws InterruptedException {
        return onSmallStack(() -> {
            try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
                session.registerSchemaOnly("t", List.of(new ColumnSpec("a", "BIGINT", false)),
                        new TableStatistics(1_000_000L, null, Map.of()));
                return session.capture(sql, Map.of());
            }
        });
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({
        "union, 700", "union, 3000",
        "or, 2000",
        "plus, 500",
        "join, 64",
        "subquery, 200",
        "cte, 500",
        "case, 2000",
    })
    void deepPlansCapture(String shape, int n) throws Exception {
        CaptureResult result = capture(shape(shape, n));
        assertThat(result.hash("plan_fingerprint")).hasSize(64);
        assertThat(result.component("plans")).contains("physical");
        assertThat(pool.replaced()).isZero();
    }

    /** A session keeps a view's plan as SQL planned it (unoptimized, as deep as written) until it is closed. */
    @Test
    void aSessionHoldingADeepViewClosesOnASmallStack() throws Exception {
        CaptureResult result = onSmallStack(() -> {
            try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
                session.registerSchemaOnly("t", List.of(new ColumnSpec("a", "BIGINT", false)), null);
                session.registerView("v", shape("union", 3000));
                return session.capture("select count(*) from v", Map.of());
            }
        });
        assertThat(result.hash("plan_fingerprint")).hasSize(64);
        assertThat(pool.replaced()).isZero();
    }

    @Test
    void plansBeyondTheLimitsAreRefusedAndTheRuntimeGoesOn() throws Exception {
        assertThatThrownBy(() -> capture(shape("union", 6000)))
                .isInstanceOf(PlanTooLargeException.class).hasMessageContaining("deeper than 5000");
        try (RuntimePool small = TpchFixture.pool(RuntimeProfile.defaults("small-limits"), 1,
                new PlanLimits(1_000, 5_000))) {
            try (EngineSession session = small.borrow(TpchFixture.BORROW)) {
                session.registerSchemaOnly("t", List.of(new ColumnSpec("a", "BIGINT", false)), null);
                assertThatThrownBy(() -> session.capture(shape("or", 600), Map.of()))
                        .isInstanceOf(PlanTooLargeException.class).hasMessageContaining("more than 1000 nodes");
                assertThat(session.capture(shape("or", 100), Map.of()).hash("plan_fingerprint")).hasSize(64);
            }
            assertThat(small.replaced()).isZero();
        }
        assertThat(capture("select a from t where a = 1").hash("plan_fingerprint")).hasSize(64);
        assertThat(pool.replaced()).isZero();
    }
}
