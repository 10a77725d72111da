package dev.planprovenance.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.planprovenance.engine.contract.ComponentText;
import dev.planprovenance.engine.contract.PlanBytes;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * A runtime's UDF catalog (~300 KB of JSON, fixed for a runtime: its functions come from the build and the
     * profile). A capture request names the one held, and the native side leaves the text out when it matches, so
     * it crosses JNI once per runtime, not once per capture.
     */
    static final class HeldUdfCatalog {
        private record Catalog(String hash, String json) {}

        private final AtomicReference<Catalog> held = new AtomicReference<>(new Catalog("", ""));

        String hash() {
            return held.get().hash();
        }
    }
    /**
     * EXPLAIN rows are imported under a child of one process-wide allocator: a new root per capture cost more than
     * the import, and the child still reports any buffer a capture leaks when it closes.
     */
    private static final BufferAllocator ROOT = new RootAllocator();

    private final NativeHandle handle;
    private final HeldUdfCatalog udfCatalog;

    NativeCapture(long handle, HeldUdfCatalog udfCatalog) {
        this.handle = new NativeHandle("capture", handle, NativeCapture::free);
        this.udfCatalog = udfCatalog;
    }

    CaptureResult materialize(Map<String, String> externalHashNames) {
        dev.planprovenance.engine.contract.CaptureResult result = decode(handle.call(NativeCapture::result));
        if (result.getArtifactSchemaValue() != CaptureResult.ARTIFACT_SCHEMA_VERSION) {
            throw new InternalEngineException("the native library records artifact schema "
                    + result.getArtifactSchemaValue() + ", this API " + CaptureResult.ARTIFACT_SCHEMA_VERSION);
        }
        Map<String, String> hashes = result.getHashesMap();
        Map<String, String> components = new LinkedHashMap<>();
        for (ComponentText c : result.getComponentsList()) components.put(c.getName(), componentText(c, hashes));
        Map<String, byte[]> plans = new LinkedHashMap<>();
        for (PlanBytes p : result.getPlansList()) plans.put(CaptureResult.planBytesName(p.getEncoding()), p.getBytes().toByteArray());
        Map<ExplainFormat, List<ExplainRow>> explain = new EnumMap<>(ExplainFormat.class);
        try (BufferAllocator allocator = ROOT.newChildAllocator("explain-rows", 0, Long.MAX_VALUE)) {
            for (ExplainFormat format : ExplainFormat.values()) explain.put(format, readExplain(allocator, format));
        }
        return new CaptureResult(hashes, components, plans, explain, externalHashNames);
    }

    private static dev.planprovenance.engine.contract.CaptureResult decode(byte[] bytes) {
        try {
            return dev.planprovenance.engine.contract.CaptureResult.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InternalEngineException("the native capture result does not decode: " + e.getMessage());
        }
    }

    private String componentText(ComponentText component, Map<String, String> hashes) {
        if (!UDFS.equals(component.getName())) return component.getJson();
        String hash = hashes.get("udf_catalog_hash");
        HeldUdfCatalog.Catalog held = udfCatalog.held.get();
        if (component.getJson().isEmpty()) {
            // Left out: the request said this catalog is held here. A runtime's catalog never changes once held.
            if (!held.hash().equals(hash)) throw new InternalEngineException("UDF catalog " + hash + " was left out");
            return held.json();
        }
        udfCatalog.held.compareAndSet(held, new HeldUdfCatalog.Catalog(hash, component.getJson()));
        return component.getJson();
    }

    /** EXPLAIN rows cross as an Arrow C stream of (plan_type, plan) batches: no parsing of printed tables. */
    private List<ExplainRow> readExplain(BufferAllocator allocator, ExplainFormat format) {
        List<ExplainRow> rows = new java.util.ArrayList<>();
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            handle.run(h -> explainStream(h, format.nativeName(), stream.memoryAddress()));
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
        handle.close();
    }

    private static native byte[] result(long capture);

    private static native void explainStream(long capture, String format, long streamAddress);

    private static native void free(long capture);
}
