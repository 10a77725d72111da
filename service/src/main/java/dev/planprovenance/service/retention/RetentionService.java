package dev.planprovenance.service.retention;

import dev.planprovenance.service.api.model.RetentionRun;
import dev.planprovenance.service.api.model.RetentionTable;
import dev.planprovenance.service.store.RetentionLock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a retention policy in bounded batches, each its own transaction (a run over millions of captures never
 * holds one long transaction, and a failure loses only its batch), until a batch finds nothing to remove. Counts
 * what it removed in {@code provenance.retention.rows} and {@code provenance.retention.bytes} (tag {@code table}).
 */
@Service
public class RetentionService {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);

    private final RetentionProperties properties;
    private final ProtectedCaptures protectedCaptures;
    private final RetentionBatch batch;
    private final RetentionLock lock;
    private final MeterRegistry meters;
    private final TransactionTemplate transaction;

    public RetentionService(RetentionProperties properties, ProtectedCaptures protectedCaptures, RetentionBatch batch,
            RetentionLock lock, MeterRegistry meters, PlatformTransactionManager transactions) {
        this.properties = properties;
        this.protectedCaptures = protectedCaptures;
        this.batch = batch;
        this.lock = lock;
        this.meters = meters;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The configured policy (provenance.retention.*). */
    public RetentionRun run() {
        return run(properties.policy());
    }

    public synchronized RetentionRun run(RetentionPolicy policy) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        long captures = 0;
        int batches = 0;
        while (true) {
            RetentionBatch.Removed removed = transaction.execute(status -> {
                lock.exclusive();
                String unprotected = protectedCaptures.unreferenced(protectedCaptures.references());
                List<UUID> ids = batch.candidates(policy, unprotected);
                if (ids.isEmpty()) return null;
                lock.contentRemoved();
                return batch.remove(ids);
            });
            if (removed == null) break;
            batches++;
            captures += removed.captures();
            removed.tables().forEach((table, counts) -> {
                long[] sum = totals.computeIfAbsent(table, t -> new long[2]);
                sum[0] += counts[0];
                sum[1] += counts[1];
                Counter.builder("provenance.retention.rows").tag("table", table).register(meters).increment(counts[0]);
                Counter.builder("provenance.retention.bytes").baseUnit("bytes").tag("table", table).register(meters)
                        .increment(counts[1]);
            });
            if (removed.captures() < policy.batchSize()) break;
        }
        RetentionRun run = new RetentionRun();
        run.setCapturesRemoved(captures);
        run.setBatches(batches);
        totals.forEach((table, counts) -> {
            RetentionTable t = new RetentionTable();
            t.setTable(table);
            t.setRows(counts[0]);
            t.setBytes(counts[1]);
            run.addTablesItem(t);
        });
        if (captures > 0) LOG.info("retention removed {} captures in {} batches", captures, batches);
        return run;
    }
}
