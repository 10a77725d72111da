package dev.planprovenance.service.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps retention's deletes and capture writes apart. Stored content is shared between captures by content key, and
 * a capture writer skips the insert of content it knows stored ({@link KnownContent}); retention deletes content no
 * capture refers to any longer. A transaction that writes content takes this lock shared; a retention batch takes it
 * exclusively and, when it removes something, increments the retention epoch (V12) and makes this process forget
 * every known key. A writing transaction reads the epoch under the lock and forgets its known keys when the epoch
 * moved since it last looked, so no instance trusts a key another instance's retention removed. (A writer's
 * one-statement path, which takes no lock, is covered by the capture row's FOREIGN KEYs: see CaptureWriter.)
 */
@Component
public class RetentionLock {
    /** An arbitrary advisory lock key, reserved for this. */
    private static final long KEY = 0x70726f76_72657465L; // "provrete"

    private final JdbcClient jdbc;
    private final KnownContent known;
    /** The retention epoch this process's known keys are valid for. */
    private final java.util.concurrent.atomic.AtomicLong epochSeen = new java.util.concurrent.atomic.AtomicLong();

    public RetentionLock(JdbcClient jdbc, KnownContent known) {
        this.jdbc = jdbc;
        this.known = known;
    }

    /** In a writing transaction: waits while a retention batch is running. */
    public void shared() {
        long epoch = jdbc.sql("SELECT e.epoch FROM (SELECT pg_advisory_xact_lock_shared(:key)) l, retention_epoch e")
                .param("key", KEY).query(Long.class).single();
        if (epochSeen.getAndSet(epoch) != epoch) known.forgetAll();
    }

    /** In a retention batch: waits for writing transactions, and keeps new ones out until it ends. */
    public void exclusive() {
        jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", KEY).query().singleRow();
    }

    /** In a retention batch that removes content: every instance must write (or find) its known keys again. */
    public void contentRemoved() {
        jdbc.sql("UPDATE retention_epoch SET epoch = epoch + 1").update();
        forgetKnownContent();
    }

    /** Every key this process knew stored may have been removed: it must be written (or found) again. */
    public void forgetKnownContent() {
        known.forgetAll();
        KnownContent.afterCommit(known::forgetAll);
    }
}
