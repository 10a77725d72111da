package dev.planprovenance.service.store;

import java.util.function.IntSupplier;

/**
 * A content-addressed row a capture references, keyed before anything is written: its content key and the insert
 * that stores it (an INSERT ... ON CONFLICT DO NOTHING answering how many rows it inserted). Keying every part first
 * lets a capture whose parts are all stored already write its capture row without a transaction around it.
 */
record PendingRow(String component, ContentKey key, IntSupplier insert) {

    /** The same row, whose insert also writes rows that belong to it, but only when it stored the row itself. */
    PendingRow withDependentRows(Runnable insertDependents) {
        return new PendingRow(component, key, () -> {
            int inserted = insert.getAsInt();
            if (inserted == 1) insertDependents.run();
            return inserted;
        });
    }
}
