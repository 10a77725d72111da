package dev.planprovenance.service.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Content keys known to be stored. Stored content is deleted only by retention (see {@link RetentionLock}), which
 * makes this forget everything, so a repeat capture can skip the insert of every payload (and the component set) it
 * has seen before: that is what keeps a repeat capture at one capture row and one round trip for it. A key is remembered only after its transaction committed, so a rolled-back insert is
 * never trusted.
 */
@Component
public class KnownContent {
    private static final int CAPACITY = 20_000;

    private final Set<ContentKey> known = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ContentKey, Boolean> eldest) {
                    return size() > CAPACITY;
                }
            }));

    /** True once a transaction that stored (or found) the key has committed. */
    boolean isKnown(ContentKey key) {
        return known.contains(key);
    }

    /** Runs {@code insert} (an INSERT ... ON CONFLICT DO NOTHING) unless the key is known; true if it inserted. */
    boolean storeOnce(ContentKey key, IntSupplier insert) {
        if (known.contains(key)) return false;
        boolean inserted = insert.getAsInt() == 1;
        afterCommit(() -> known.add(key));
        return inserted;
    }

    /** Retention removed content: nothing is known stored any longer. */
    void forgetAll() {
        known.clear();
    }

    /** Runs {@code action} once the current transaction has committed, or now when there is none. */
    public static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
