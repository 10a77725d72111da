package dev.planprovenance.engine;

import dev.planprovenance.engine.contract.RuntimeRequest;
import dev.planprovenance.engine.internal.NativeLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * One native runtime: a tokio runtime plus a DataFusion RuntimeEnv built from a {@link RuntimeProfile}, the data
 * roots table locations must lie under, and the {@link PlanLimits} beyond which plans are refused. Sessions are
 * created from it one capture at a time.
 */
public final class EngineRuntime implements AutoCloseable {
    static {
        NativeLoader.load();
    }

    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();
    /** Which runtime of the process this is (1, 2, ...): a repeat audit reports the runtimes its captures ran on. */
    private final long id = IDS.incrementAndGet();
    private final RuntimeProfile profile;
    private final NativeHandle handle;
    private final NativeCapture.HeldUdfCatalog udfCatalog = new NativeCapture.HeldUdfCatalog();
    private volatile boolean broken;

    public EngineRuntime(RuntimeProfile profile, List<Path> dataRoots) {
        this(profile, dataRoots, PlanLimits.defaults());
    }

    public EngineRuntime(RuntimeProfile profile, List<Path> dataRoots, PlanLimits limits) {
        this.profile = profile;
        RuntimeRequest request = RuntimeRequest.newBuilder()
                .setProfile(Contract.profile(profile))
                .addAllDataRoots(dataRoots.stream().map(Path::toString).toList())
                .setPlanLimits(Contract.limits(limits))
                .build();
        this.handle = new NativeHandle("runtime", create(request.toByteArray()), EngineRuntime::destroy);
    }

    public RuntimeProfile profile() {
        return profile;
    }

    /** A fresh session: registrations and config overrides live and die with it. */
    public EngineSession openSession() {
        return new EngineSession(this, call(EngineRuntime::newSession));
    }

    NativeCapture.HeldUdfCatalog udfCatalog() {
        return udfCatalog;
    }

    /** The DataFusion release this library was built against, e.g. {@code 55.2.0}. */
    public static String datafusionVersion() {
        return nativeDatafusionVersion();
    }

    /** False once a panic or internal error happened on it: the pool replaces such a runtime. */
    public boolean isHealthy() {
        return handle.isOpen() && !broken;
    }

    void markBroken() {
        broken = true;
    }

    /**
     * Runs a native call with this runtime's pinned handle; an internal failure (ours, not the caller's) marks the
     * runtime broken, so the pool replaces it.
     */
    <T> T call(java.util.function.LongFunction<T> call) {
        try {
            return handle.call(call);
        } catch (InternalEngineException e) {
            markBroken();
            throw e;
        }
    }

    /** Test-only: makes the native side panic inside the catch-unwind wrapper. */
    void triggerPanicForTest() {
        call(h -> {
            panicForTest(h);
            return null;
        });
    }

    /**
     * Test support: the next capture on this runtime fails with the named internal fault ({@code stale-handle},
     * {@code null-argument}, {@code malformed-request}, {@code helper-died}, {@code panic}), raised by the native code
     * that raises it for real. {@code vary-component:<name>} instead makes every later capture on this runtime put a
     * fresh counter into that component (explain, statistics, schema, plan-tree) and the hash covering it.
     */
    public void armFaultForTest(String kind) {
        handle.run(h -> armFaultForTest(h, kind));
    }

    public long id() {
        return id;
    }

    @Override
    public void close() {
        handle.close();
    }

    private static native long create(byte[] runtimeRequest);

    private static native long newSession(long runtimeHandle);

    private static native void destroy(long runtimeHandle);

    private static native void panicForTest(long runtimeHandle);

    private static native void armFaultForTest(long runtimeHandle, String kind);

    private static native String nativeDatafusionVersion();
}
