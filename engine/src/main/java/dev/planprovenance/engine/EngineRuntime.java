package dev.planprovenance.engine;

import dev.planprovenance.engine.internal.Json;
import dev.planprovenance.engine.internal.NativeLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One native runtime: a tokio runtime plus a DataFusion RuntimeEnv built from a {@link RuntimeProfile}, and the data
 * roots table locations must lie under. Sessions are created from it one capture at a time.
 */
public final class EngineRuntime implements AutoCloseable {
    static {
        NativeLoader.load();
    }

    private final RuntimeProfile profile;
    private long handle;
    private volatile boolean broken;

    public EngineRuntime(RuntimeProfile profile, List<Path> dataRoots) {
        this.profile = profile;
        this.handle = create(profileJson(profile), Json.write(dataRoots.stream().map(Path::toString).toList()));
    }

    public RuntimeProfile profile() {
        return profile;
    }

    /** A fresh session: registrations and config overrides live and die with it. */
    public EngineSession openSession() {
        return new EngineSession(this, newSession(liveHandle()));
    }

    /** The DataFusion release this library was built against, e.g. {@code 55.2.0}. */
    public static String datafusionVersion() {
        return nativeDatafusionVersion();
    }

    /** False once a panic or internal error happened on it: the pool replaces such a runtime. */
    public boolean isHealthy() {
        return handle != 0 && !broken;
    }

    void markBroken() {
        broken = true;
    }

    /** Test-only: makes the native side panic inside the catch-unwind wrapper. */
    void triggerPanicForTest() {
        try {
            panicForTest(liveHandle());
        } catch (InternalEngineException e) {
            markBroken(); // as after any internal failure: the pool replaces this runtime
            throw e;
        }
    }

    long liveHandle() {
        if (handle == 0) throw new IllegalStateException("runtime is closed");
        return handle;
    }

    @Override
    public synchronized void close() {
        if (handle != 0) {
            destroy(handle);
            handle = 0;
        }
    }

    static String profileJson(RuntimeProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("target_partitions", p.targetPartitions());
        m.put("batch_size", p.batchSize());
        m.put("planning_concurrency", p.planningConcurrency());
        m.put("memory_limit_bytes", p.memoryLimitBytes());
        m.put("async_udf_batch_size", p.asyncUdfBatchSize());
        m.put("async_udf_timeout_ms", p.asyncUdfTimeoutMillis());
        m.put("disabled_rules", p.disabledRules());
        m.put("config", p.config());
        return Json.write(m);
    }

    private static native long create(String profileJson, String dataRootsJson);

    private static native long newSession(long runtimeHandle);

    private static native void destroy(long runtimeHandle);

    private static native void panicForTest(long runtimeHandle);

    private static native String nativeDatafusionVersion();
}
