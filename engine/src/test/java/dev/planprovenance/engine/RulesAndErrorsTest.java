package dev.planprovenance.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Disabled rules are recorded; every kind of bad input is the right typed exception and leaves the pool working. */
class RulesAndErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RuntimePool pool;

    @BeforeAll
    static void start() {
        pool = TpchFixture.pool(RuntimeProfile.defaults("errors"), 1);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private static CaptureResult captureQ3(RuntimePool p) {
        try (EngineSession session = p.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            return TpchFixture.capture(session, "q3");
        }
    }

    @Test
    void disablingOneRuleChangesTheRulepackAndNamesTheRule() throws Exception {
        CaptureResult base = captureQ3(pool);
        RuntimeProfile without = RuntimeProfile.defaults("no-pushdown").withDisabledRules(List.of("push_down_filter"));
        try (RuntimePool other = TpchFixture.pool(without, 1)) {
            CaptureResult changed = captureQ3(other);
            assertThat(changed.hash("rulepack_hash")).isNotEqualTo(base.hash("rulepack_hash"));
            var rules = JSON.readTree(changed.component("rulepack"));
            assertThat(rules.get("disabled").get(0).asText()).isEqualTo("push_down_filter");
            assertThat(rules.get("logical_optimizer").toString()).doesNotContain("\"push_down_filter\"");
        }
    }

    @Test
    void anUnknownRuleOrConfigKeyIsAConfigurationError() {
        RuntimeProfile bad = RuntimeProfile.defaults("bad").withDisabledRules(List.of("no_such_rule"));
        assertThatThrownBy(() -> TpchFixture.pool(bad, 1)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no_such_rule");
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            assertThatThrownBy(() -> session.capture("select 1", Map.of("datafusion.optimizer.no_such_key", "1")))
                    .isInstanceOf(ConfigurationException.class);
        }
    }

    @Test
    void aConfigOverrideIsRecordedAndChangesThePlanningEnv() throws Exception {
        CaptureResult base = captureQ3(pool);
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            CaptureResult changed = session.capture(TpchFixture.CORPUS.parsed("q3").sql(),
                    Map.of("datafusion.optimizer.prefer_hash_join", "false"));
            assertThat(changed.hash("planning_env_hash")).isNotEqualTo(base.hash("planning_env_hash"));
            assertThat(JSON.readTree(changed.component("planning-env")).at("/overrides/datafusion.optimizer.prefer_hash_join")
                    .asText()).isEqualTo("false");
        }
    }

    @Test
    void badInputGetsTypedExceptionsAndThePoolKeepsWorking() throws Exception {
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            assertThatThrownBy(() -> session.capture("selec * frm lineitem", Map.of())).isInstanceOf(PlanningException.class);
            assertThatThrownBy(() -> session.capture("select * from no_such_table", Map.of()))
                    .isInstanceOf(PlanningException.class).hasMessageContaining("no_such_table");
            for (String refused : List.of("CREATE TABLE t (a INT)", "INSERT INTO lineitem VALUES (1)",
                    "COPY lineitem TO '/tmp/x.parquet'", "SET datafusion.execution.batch_size = 1",
                    "DROP TABLE lineitem", "EXPLAIN SELECT 1")) {
                assertThatThrownBy(() -> session.capture(refused, Map.of())).as(refused)
                        .isInstanceOf(StatementRefusedException.class);
            }
            Path outside = Files.createTempDirectory("outside-roots");
            try {
                assertThatThrownBy(() -> session.registerParquet("x", outside.toString()))
                        .isInstanceOf(PathNotAllowedException.class);
            } finally {
                Files.delete(outside);
            }
            assertThatThrownBy(() -> session.registerParquet("x", TpchFixture.ROOT + "/lineitem/../orders"))
                    .isInstanceOf(PathNotAllowedException.class);
            assertThat(session.capture("select count(*) from lineitem", Map.of()).hash("audit_hash")).hasSize(64);
        }
        assertThat(captureQ3(pool).hash("plan_fingerprint")).hasSize(64);
    }

    @Test
    void resolveLocationIsTheEnginesOneDataRootsCheck() throws Exception {
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            Path lineitem = TpchFixture.ROOT.resolve("lineitem").toRealPath();
            assertThat(session.resolveLocation("file://" + lineitem)).isEqualTo(lineitem);
            assertThatThrownBy(() -> session.resolveLocation("/etc")).isInstanceOf(PathNotAllowedException.class)
                    .hasMessageContaining("outside the configured data roots");
            assertThatThrownBy(() -> session.resolveLocation(TpchFixture.ROOT + "/lineitem/../orders"))
                    .isInstanceOf(PathNotAllowedException.class).hasMessageContaining("'..'");
            assertThatThrownBy(() -> session.resolveLocation("lineitem")).isInstanceOf(PathNotAllowedException.class)
                    .hasMessageContaining("not an absolute path");
        }
        assertThat(pool.replaced()).isZero();
    }

    @Test
    void anInjectedPanicIsATypedExceptionAndTheRuntimeIsReplaced() {
        try (RuntimePool own = TpchFixture.pool(RuntimeProfile.defaults("panic"), 1)) {
            try (EngineSession session = own.borrow(TpchFixture.BORROW)) {
                assertThatThrownBy(() -> session.runtime().triggerPanicForTest())
                        .isInstanceOf(NativePanicException.class).hasMessageContaining("injected test panic");
            }
            assertThat(own.replaced()).isEqualTo(1);
            assertThat(captureQ3(own).hash("plan_fingerprint")).hasSize(64);
        }
    }

    @Test
    void theCustomFunctionsTakePartInPlanning() {
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            CaptureResult r = session.capture(
                    "select safe_divide(l_extendedprice, 2) as half, clamp(l_quantity, 1, 10) as q from lineitem", Map.of());
            String optimized = r.explain().get(ExplainFormat.INDENT).get(0).plan();
            // Both simplify away: a plain division and a CASE remain, not the function calls.
            assertThat(optimized).doesNotContain("safe_divide(").doesNotContain("clamp(").contains("CASE");
            assertThatThrownBy(() -> session.capture("select safe_divide('a', 1)", Map.of()))
                    .isInstanceOf(PlanningException.class).hasMessageContaining("numeric");
        }
    }
}
