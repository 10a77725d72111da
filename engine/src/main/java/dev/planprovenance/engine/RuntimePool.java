package dev.planprovenance.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed number of native runtimes built from one profile. A capture borrows a session (waiting at most a timeout)
 * and closing the session returns its runtime; a runtime that panicked or failed internally is replaced.
 */
public final class RuntimePool implements AutoCloseable {
    private final RuntimeProfile profile;
    private final List<Path> dataRoots;
    private final PlanLimits limits;
    private final int size;
    private final BlockingQueue<EngineRuntime> idle;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();
    private volatile boolean closed;

    public RuntimePool(RuntimeProfile profile, int size, List<Path> dataRoots) {
        this(profile, size, dataRoots, PlanLimits.defaults());
    }

    public RuntimePool(RuntimeProfile profile, int size, List<Path> dataRoots, PlanLimits limits) {
        if (size < 1) throw new IllegalArgumentException("pool size must be >= 1");
        this.profile = profile;
        this.dataRoots = List.copyOf(dataRoots);
        this.limits = limits;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        List<EngineRuntime> built = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) built.add(new EngineRuntime(profile, this.dataRoots, limits));
        } catch (RuntimeException e) {
            built.forEach(EngineRuntime::close);
            throw e;
        }
        idle.addAll(built);
    }

    /** Borrows a runtime and opens a fresh session on it; close the session to give the runtime back. */
    public EngineSession borrow(Duration timeout) {
        if (closed) throw new IllegalStateException("pool is closed");
        EngineRuntime runtime = idle.poll();
        if (runtime == null) {
            waits.incrementAndGet();
            try {
                runtime = idle.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PoolExhaustedException(timeout);
            }
            if (runtime == null) throw new PoolExhaustedException(timeout);
        }
        inUse.incrementAndGet();
        try {
            if (!runtime.isHealthy()) runtime = replace(runtime); // marked broken after it was given back
            EngineSession session = runtime.openSession();
            session.onClose(s -> giveBack(s.runtime()));
            return session;
        } catch (RuntimeException e) {
            giveBack(runtime);
            throw e;
        }
    }

    private void giveBack(EngineRuntime runtime) {
        inUse.decrementAndGet();
        EngineRuntime back = runtime.isHealthy() ? runtime : replace(runtime);
        if (closed || !idle.offer(back)) back.close();
    }

    private EngineRuntime replace(EngineRuntime broken) {
        broken.close();
        replaced.incrementAndGet();
        return new EngineRuntime(profile, dataRoots, limits);
    }

    /**
     * Test support: the next capture on this pool fails with the named internal fault (see
     * {@link EngineRuntime#armFaultForTest(String)}); the runtime it happens on is then replaced.
     */
    public synchronized void armNextCaptureForTest(String kind) {
        List<EngineRuntime> waiting = new ArrayList<>();
        idle.drainTo(waiting);
        if (waiting.isEmpty()) throw new IllegalStateException("no idle runtime to arm");
        waiting.get(0).armFaultForTest(kind);
        idle.addAll(waiting); // in the same order: the armed runtime is the next one borrowed
    }

    /**
     * Test support: arms every idle runtime of this pool with {@code kind} (see
     * {@link EngineRuntime#armFaultForTest(String)}), e.g. {@code vary-component:statistics}.
     */
    public synchronized void armEveryRuntimeForTest(String kind) {
        List<EngineRuntime> waiting = new ArrayList<>();
        idle.drainTo(waiting);
        try {
            waiting.forEach(runtime -> runtime.armFaultForTest(kind));
        } finally {
            idle.addAll(waiting);
        }
    }

    public RuntimeProfile profile() {
        return profile;
    }

    public int size() {
        return size;
    }

    public int inUse() {
        return inUse.get();
    }

    /** How many borrows found no idle runtime and had to wait. */
    public long waits() {
        return waits.get();
    }

    /** How many broken runtimes were discarded and rebuilt. */
    public long replaced() {
        return replaced.get();
    }

    @Override
    public void close() {
        closed = true;
        EngineRuntime r;
        while ((r = idle.poll()) != null) r.close();
    }
}
