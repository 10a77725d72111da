package dev.planprovenance.engine;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/** The native result of one capture, read once into a {@link CaptureResult} and then freed. */
final class NativeCapture implements AutoCloseable {
    private static final String UDFS = "udfs";
    /** One catalog per distinct profile in practice; the bound only guards against unbounded growth. */
    private static final int MAX_CACHED_CATALOGS = 32;
    private static final Map<String, String> UDF_CATALOGS = new ConcurrentHashMap<>();

    private long handle;

    NativeCapture(long handle) {
        this.handle = handle;
    }

    CaptureResult materialize() {
        String[] flatHashes = hashes(handle);
        Map<String, String> hashMap = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flatHashes.length; i += 2) hashMap.put(flatHashes[i], flatHashes[i + 1]);
        Map<String, String> components = new LinkedHashMap<>();
        for (String name : componentNames(handle)) components.put(name, componentText(name, hashMap));
        Map<String, byte[]> plans = new LinkedHashMap<>();
        for (String name : CaptureResult.PLAN_BYTES) plans.put(name, planBytes(handle, name));
        Map<ExplainFormat, List<ExplainRow>> explain = new EnumMap<>(ExplainFormat.class);
        try (BufferAllocator allocator = new RootAllocator()) {
            for (ExplainFormat format : ExplainFormat.values()) explain.put(format, readExplain(allocator, format));
        }
        return new CaptureResult(hashMap, components, plans, explain);
    }

    private String componentText(String name, Map<String, String> hashes) {
        if (!UDFS.equals(name)) return new String(component(handle, name), StandardCharsets.UTF_8);
        // The catalog (~300 KB of JSON, fully determined by its hash) is the same for every capture on a runtime:
        // it crosses JNI once per content hash, not once per capture.
        String key = hashes.get("udf_catalog_hash");
        String cached = key == null ? null : UDF_CATALOGS.get(key);
        if (cached != null) return cached;
        String text = new String(component(handle, name), StandardCharsets.UTF_8);
        if (key != null) {
            if (UDF_CATALOGS.size() >= MAX_CACHED_CATALOGS) UDF_CATALOGS.clear();
            UDF_CATALOGS.put(key, text);
        }
        return text;
    }

    /** EXPLAIN rows cross as an Arrow C stream of (plan_type, plan) batches: no parsing of printed tables. */
    private List<ExplainRow> readExplain(BufferAllocator allocator, ExplainFormat format) {
        List<ExplainRow> rows = new java.util.ArrayList<>();
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            explainStream(handle, format.nativeName(), stream.memoryAddress());
            try (ArrowReader reader = Data.importArrayStream(allocator, stream)) {
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot root = reader.getVectorSchemaRoot();
                    VarCharVector type = (VarCharVector) root.getVector("plan_type");
                    VarCharVector plan = (VarCharVector) root.getVector("plan");
                    for (int i = 0; i < root.getRowCount(); i++) {
                        rows.add(new ExplainRow(new String(type.get(i), StandardCharsets.UTF_8),
                                new String(plan.get(i), StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new EngineExecutionException("reading EXPLAIN rows: " + e.getMessage());
        }
        return List.copyOf(rows);
    }

    @Override
    public void close() {
        if (handle != 0) {
            free(handle);
            handle = 0;
        }
    }

    private static native String[] hashes(long capture);

    private static native String[] componentNames(long capture);

    private static native byte[] component(long capture, String name);

    private static native byte[] planBytes(long capture, String name);

    private static native void explainStream(long capture, String format, long streamAddress);

    private static native void free(long capture);
}
