package dev.planprovenance.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our own faults are never the caller's: each internal-fault path raises {@link InternalEngineException}, the pool
 * replaces the runtime it happened on, and the next capture succeeds. The faults are raised by the native code that
 * raises them for real (the handle table, the argument and contract decoders, the helper-task join).
 */
class InternalFaultTest {

    private static CaptureResult captureOne(RuntimePool pool) {
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            session.registerSchemaOnly("t", List.of(new ColumnSpec("a", "BIGINT", false)), null);
            return session.capture("select a from t where a > 1", Map.of());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stale-handle", "null-argument", "malformed-request", "helper-died"})
    void eachInternalFaultIsInternalAndTheRuntimeIsReplaced(String fault) {
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("fault-" + fault), 1)) {
            pool.armNextCaptureForTest(fault);
            assertThatThrownBy(() -> captureOne(pool))
                    .isExactlyInstanceOf(InternalEngineException.class);
            assertThat(pool.replaced()).isEqualTo(1);
            assertThat(captureOne(pool).hash("plan_fingerprint")).hasSize(64);
            assertThat(pool.replaced()).isEqualTo(1);
        }
    }

    @Test
    void aPanicInAHelperTaskIsANativePanicAndTheRuntimeIsReplaced() {
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("fault-panic"), 1)) {
            pool.armNextCaptureForTest("panic");
            assertThatThrownBy(() -> captureOne(pool))
                    .isInstanceOf(NativePanicException.class).hasMessageContaining("injected panic");
            assertThat(pool.replaced()).isEqualTo(1);
            assertThat(captureOne(pool).hash("plan_fingerprint")).hasSize(64);
        }
    }

    @Test
    void aClosedSessionOrRuntimeIsAnInternalFaultNotACrash() {
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("fault-closed"), 1)) {
            EngineSession session = pool.borrow(TpchFixture.BORROW);
            session.close();
            assertThatThrownBy(() -> session.capture("select 1", Map.of()))
                    .isInstanceOf(InternalEngineException.class).hasMessageContaining("session is closed");
            // The runtime was idle again when the fault was seen: it is replaced when next borrowed.
            assertThat(captureOne(pool).hash("plan_fingerprint")).hasSize(64);
            assertThat(pool.replaced()).isEqualTo(1);
        }
        EngineRuntime runtime = new EngineRuntime(RuntimeProfile.defaults("closed"), List.of(TpchFixture.ROOT));
        runtime.close();
        runtime.close(); // a second close frees nothing twice
        assertThatThrownBy(runtime::openSession).isInstanceOf(InternalEngineException.class)
                .hasMessageContaining("runtime is closed");
        assertThat(runtime.isHealthy()).isFalse();
    }

    @Test
    void userInputKeepsItsOwnClassAndLeavesTheRuntimeHealthy() {
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("user-input"), 1)) {
            try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
                assertThatThrownBy(() -> session.registerSchemaOnly("t",
                        List.of(new ColumnSpec("a", "NOT A TYPE", false)), null))
                        .isInstanceOf(PlanningException.class).hasMessageContaining("declared types do not parse");
                assertThatThrownBy(() -> session.registerSchemaOnly("t", List.of(new ColumnSpec("a", "BIGINT", false)),
                        new TableStatistics(-1L, null, Map.of())))
                        .isInstanceOf(PlanningException.class).hasMessageContaining("negative");
            }
            assertThat(pool.replaced()).isZero();
        }
    }
}
