package dev.planprovenance.service.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Through the whole service: a fault of ours answers 500 {@code internal} with nothing of the fault in the body, the
 * pool replaces the runtime, and the next capture succeeds; deep plans, sent from a thread with a servlet worker's
 * small stack, capture or answer 422 {@code plan-too-large}, and never take the JVM down.
 */
class EngineFaultsTest extends EndToEndTest {

    private static Map<String, Object> overDeclaredTable(String planName, String sql) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan_name", planName);
        body.put("sql", sql);
        body.put("tables", List.of(Map.of("name", "t",
                "schema", List.of(Map.of("name", "a", "type", "BIGINT", "nullable", false)))));
        return body;
    }

    private static String union(int branches) {
        return IntStream.range(0, branches).mapToObj(i -> "select a from t where a = " + i)
                .collect(Collectors.joining(" union all "));
    }

    /** As a servlet worker would: on a thread with 256 KiB of stack. */
    private Http.Response postOnSmallStack(Map<String, Object> body) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread worker = new Thread(null, () -> {
            try {
                outcome.set(http.post("/v1/captures", body));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "small-stack-worker", 256 * 1024);
        worker.start();
        worker.join();
        if (outcome.get() instanceof Throwable t) throw new AssertionError(t);
        return (Http.Response) outcome.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stale-handle", "null-argument", "malformed-request", "helper-died", "panic"})
    void anInternalFaultIsA500WithNoDetailAndTheRuntimeIsReplaced(String fault) throws Exception {
        long replacedBefore = pools.pool("default").replaced();
        pools.pool("default").armNextCaptureForTest(fault);
        Http.Response failed = http.post("/v1/captures", overDeclaredTable("fault-" + fault, "select a from t"));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.problemType()).isEqualTo("internal");
        assertThat(failed.body().toString()).doesNotContain("injected", "stale", "was null", "decode", "helper task", "panic");
        assertThat(pools.pool("default").replaced()).isEqualTo(replacedBefore + 1);
        Http.Response next = http.post("/v1/captures", overDeclaredTable("fault-" + fault, "select a from t"));
        assertThat(next.status()).isEqualTo(201);
    }

    @Test
    void aSevenHundredBranchUnionCaptures() throws Exception {
        Http.Response r = postOnSmallStack(overDeclaredTable("deep-union", union(700)));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().path("id").asString()).isNotEmpty();
    }

    @Test
    void aPlanBeyondTheLimitsIsA422OfItsOwnTypeAndTheServiceGoesOn() throws Exception {
        Http.Response refused = postOnSmallStack(overDeclaredTable("too-deep", union(6000)));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.problemType()).isEqualTo("plan-too-large");
        assertThat(refused.body().path("detail").asString()).contains("5000");
        assertThat(http.post("/v1/captures", overDeclaredTable("after-too-deep", "select a from t")).status())
                .isEqualTo(201);
    }
}
