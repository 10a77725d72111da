package dev.planprovenance.service.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.api.model.BaselineApproval;
import dev.planprovenance.service.api.model.BaselineEvent;
import dev.planprovenance.service.support.Requests;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Approvals of one plan and environment at once form one chain: each approval replaces exactly the one before it in
 * history order, so no two approvals claim to replace the same baseline (the advisory lock in BaselineService).
 */
class ConcurrentApprovalTest extends GateEndToEndTest {
    @Autowired BaselineService baselines;

    @Test
    void simultaneousApprovalsReplaceOneAnotherInOrder() throws Exception {
        List<UUID> captures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            captures.add(UUID.fromString(id(capture(Requests.schemaOnly("baseline-concurrent-q6", 6)))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(captures.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<?>> approvals = new ArrayList<>();
            for (UUID capture : captures) {
                approvals.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    baselines.approve("baseline-concurrent-q6", "ci",
                            new BaselineApproval(capture, "bot", "parallel approval"));
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(approvals.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }
        List<BaselineEvent> history = baselines.history("baseline-concurrent-q6", "ci").getHistory();
        assertThat(history).hasSize(captures.size());
        assertThat(history.get(0).getReplacesCaptureId()).isNull();
        Set<UUID> replaced = new HashSet<>();
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).getReplacesCaptureId()).isEqualTo(history.get(i - 1).getCaptureId());
            replaced.add(history.get(i).getReplacesCaptureId());
        }
        assertThat(replaced).hasSize(captures.size() - 1);
        assertThat(baselines.history("baseline-concurrent-q6", "ci").getCurrent().getCaptureId())
                .isEqualTo(history.get(history.size() - 1).getCaptureId());
    }
}
