package dev.planprovenance.engine;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * The handle of one native object, pinned for the length of every call: {@link #close()} waits for calls in flight
 * and frees the object once, after which a call fails here ({@link InternalEngineException}) instead of handing the
 * native side a freed handle. The native side checks every handle against its table of live objects as well.
 */
final class NativeHandle implements AutoCloseable {
    private final String what;
    private final LongConsumer free;
    private final ReentrantReadWriteLock pins = new ReentrantReadWriteLock();
    private long handle;

    NativeHandle(String what, long handle, LongConsumer free) {
        if (handle == 0) throw new InternalEngineException("native " + what + " was not created");
        this.what = what;
        this.handle = handle;
        this.free = free;
    }

    /** Runs {@code call} with the live handle; the object cannot be freed until it returns. */
    <T> T call(LongFunction<T> call) {
        pins.readLock().lock();
        try {
            if (handle == 0) throw new InternalEngineException(what + " is closed");
            return call.apply(handle);
        } finally {
            pins.readLock().unlock();
        }
    }

    void run(LongConsumer call) {
        call(h -> {
            call.accept(h);
            return null;
        });
    }

    boolean isOpen() {
        pins.readLock().lock();
        try {
            return handle != 0;
        } finally {
            pins.readLock().unlock();
        }
    }

    /** Frees the native object once calls in flight have returned; later calls fail, later closes do nothing. */
    @Override
    public void close() {
        pins.writeLock().lock();
        try {
            if (handle == 0) return;
            long freed = handle;
            handle = 0;
            free.accept(freed);
        } finally {
            pins.writeLock().unlock();
        }
    }
}
