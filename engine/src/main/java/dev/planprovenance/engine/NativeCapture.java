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
    /**
     * EXPLAIN rows are imported under a child of one process-wide allocator: a new root per capture cost more than
     * the import, and the child still reports any buffer a capture leaks when it closes.
     */
    private static final BufferAllocator ROOT = new RootAllocator();

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
        try (BufferAllocator allocator = ROOT.newChildAllocator("explain-rows", 0, Long.MAX_VALUE)) {
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
                    int count = root.getRowCount();
                    String[] types = strings((VarCharVector) root.getVector("plan_type"), count);
                    String[] plans = strings((VarCharVector) root.getVector("plan"), count);
                    for (int i = 0; i < count; i++) rows.add(new ExplainRow(types[i], plans[i]));
                }
            }
        } catch (java.io.IOException e) {
            throw new EngineExecutionException("reading EXPLAIN rows: " + e.getMessage());
        }
        return List.copyOf(rows);
    }

    /**
     * The column's values, decoded from one copy of its data buffer rather than one array per value (a verbose
     * EXPLAIN has a row per rule). EXPLAIN never has null cells; one would be a broken batch.
     */
    private static String[] strings(VarCharVector vector, int count) {
        String[] values = new String[count];
        if (count == 0) return values;
        int first = vector.getStartOffset(0);
        byte[] data = new byte[vector.getEndOffset(count - 1) - first];
        vector.getDataBuffer().getBytes(first, data);
        for (int i = 0; i < count; i++) {
            if (vector.isNull(i)) throw new IllegalStateException("EXPLAIN row " + i + " has a null " + vector.getName());
            int start = vector.getStartOffset(i) - first;
            values[i] = new String(data, start, vector.getEndOffset(i) - first - start, StandardCharsets.UTF_8);
        }
        return values;
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
