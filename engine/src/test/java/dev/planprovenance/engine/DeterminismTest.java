package dev.planprovenance.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same capture gives the same hashes every time and on every pool member; target_partitions shows where it should. */
class DeterminismTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "q5";

    private static CaptureResult capture(RuntimePool pool) {
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            return TpchFixture.capture(session, QUERY);
        }
    }

    @Test
    void hundredCapturesOnTwoPoolMembersGiveOneSetOfHashes() {
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("determinism"), 2)) {
            Set<Map<String, String>> distinct = new HashSet<>();
            // Hold one session open while capturing on the other, so both pool members are used.
            try (EngineSession held = pool.borrow(TpchFixture.BORROW)) {
                TpchFixture.registerParquet(held);
                distinct.add(TpchFixture.capture(held, QUERY).hashes());
                distinct.add(capture(pool).hashes());
                assertThat(pool.inUse()).isEqualTo(1);
            }
            List<String> verbose = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                CaptureResult r = capture(pool);
                distinct.add(r.hashes());
                verbose.add(r.component("explain"));
            }
            assertThat(distinct).hasSize(1);
            assertThat(new HashSet<>(verbose)).hasSize(1);
        }
    }

    /**
     * Concurrent captures skip the engine's helper threads once the captures in flight keep every core busy (on two
     * cores: whenever another capture runs) and do the same work on the capturing thread: the artifacts must not differ.
     */
    @Test
    void concurrentCapturesGiveWhatALoneCaptureGives() throws Exception {
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("concurrent"), 4)) {
            CaptureResult alone = capture(pool);
            var executor = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<CaptureResult>> futures = new ArrayList<>();
                for (int i = 0; i < 24; i++) futures.add(executor.submit(() -> capture(pool)));
                for (var future : futures) {
                    CaptureResult r = future.get();
                    assertThat(r.hashes()).isEqualTo(alone.hashes());
                    assertThat(r.components()).isEqualTo(alone.components());
                    assertThat(r.explain()).isEqualTo(alone.explain());
                    for (String plan : CaptureResult.PLAN_BYTES) {
                        assertThat(r.planBytes().get(plan)).isEqualTo(alone.planBytes().get(plan));
                    }
                }
            } finally {
                executor.shutdownNow();
            }
        }
    }

    /**
     * Dynamic-filter ids come from a process-wide counter, so every planning numbers them anew: the stored proto bytes
     * must not carry that number, or a repeat capture of an unchanged plan could not share the stored copy (nor the
     * runtime's knowledge of those bytes).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("dev.planprovenance.engine.TpchFixture#queries")
    void serializedPlansAreTheSameBytesOnEveryCapture(String query) throws Exception {
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("bytes"), 1)) {
            List<CaptureResult> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
                    TpchFixture.registerParquet(session);
                    runs.add(TpchFixture.capture(session, query));
                }
            }
            for (String kind : CaptureResult.PLAN_BYTES) {
                assertThat(runs).extracting(r -> java.util.HexFormat.of().formatHex(r.planBytes().get(kind)))
                        .as(kind).containsOnly(java.util.HexFormat.of().formatHex(runs.get(0).planBytes().get(kind)));
            }
            var plans = JSON.readTree(runs.get(0).component("plans"));
            assertThat(plans.at("/roundtrip/physical_proto/status").asText()).isEqualTo("identical");
            // The first capture verifies the bytes (round trips, canonical forms); the repeats take what the runtime
            // learnt then (KnownEncodings): the plans component must not tell them apart.
            assertThat(runs).extracting(r -> r.component("plans")).containsOnly(runs.get(0).component("plans"));
        }
    }

    @Test
    void targetPartitionsChangesEnvAndPhysicalPlanButNotLogicalPlan() throws Exception {
        CaptureResult four;
        CaptureResult eight;
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("p4"), 1)) {
            four = capture(pool);
        }
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("p8").withTargetPartitions(8), 1)) {
            eight = capture(pool);
        }
        assertThat(eight.hash("planning_env_hash")).isNotEqualTo(four.hash("planning_env_hash"));
        var p4 = JSON.readTree(four.component("plans"));
        var p8 = JSON.readTree(eight.component("plans"));
        assertThat(p8.get("logical_fingerprint")).isEqualTo(p4.get("logical_fingerprint"));
        assertThat(p8.get("physical_fingerprint")).isNotEqualTo(p4.get("physical_fingerprint"));
        assertThat(eight.hash("plan_fingerprint")).isNotEqualTo(four.hash("plan_fingerprint"));
    }

    @Test
    void theSameDataUnderAnotherRootHashesTheSame(@TempDir java.nio.file.Path copyDir) throws Exception {
        java.nio.file.Path otherRoot = copyDir.toRealPath();
        for (var e : TpchFixture.FOLDERS.entrySet()) {
            java.nio.file.Path target = otherRoot.resolve(e.getKey());
            java.nio.file.Files.createDirectories(target);
            java.nio.file.Files.copy(e.getValue().resolve("part-0.parquet"), target.resolve("part-0.parquet"));
        }
        CaptureResult original;
        try (RuntimePool pool = TpchFixture.pool(RuntimeProfile.defaults("roots"), 1)) {
            original = capture(pool);
        }
        try (RuntimePool pool = new RuntimePool(RuntimeProfile.defaults("roots"), 1, List.of(otherRoot));
                EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            TpchFixture.FOLDERS.keySet().forEach(t -> session.registerParquet(t, otherRoot.resolve(t).toString()));
            CaptureResult copy = TpchFixture.capture(session, QUERY);
            // The copy has other file modification times and another root: neither may change plan identity.
            assertThat(copy.hash("plan_fingerprint")).isEqualTo(original.hash("plan_fingerprint"));
            assertThat(copy.hash("plan_identity_hash")).isEqualTo(original.hash("plan_identity_hash"));
        }
    }
}
