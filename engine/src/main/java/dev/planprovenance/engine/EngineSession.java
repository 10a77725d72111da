package dev.planprovenance.engine;

import dev.planprovenance.engine.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A native DataFusion SessionContext for one capture. Tables registered here never outlive it: closing it drops the
 * native session (and, for a pooled session, gives the runtime back to the pool).
 */
public final class EngineSession implements AutoCloseable {
    private final EngineRuntime runtime;
    private long handle;
    private Consumer<EngineSession> onClose = s -> {};

    EngineSession(EngineRuntime runtime, long handle) {
        this.runtime = runtime;
        this.handle = handle;
    }

    void onClose(Consumer<EngineSession> callback) {
        this.onClose = callback;
    }

    EngineRuntime runtime() {
        return runtime;
    }

    /** A Parquet table over one file or every Parquet file of a folder. */
    public void registerParquet(String name, String location) {
        guard(() -> registerParquet(liveHandle(), name, location));
    }

    /** A Parquet table over exactly these files; partition values become columns of the given declared types. */
    public void registerParquetFiles(String name, List<DataFile> files, List<ColumnSpec> partitionColumns) {
        registerParquetFiles(name, files, partitionColumns, null);
    }

    /**
     * As above; when every file carries statistics, {@code statisticsSource} (e.g. {@code delta_log}) is the
     * provenance the capture records for them.
     */
    public void registerParquetFiles(String name, List<DataFile> files, List<ColumnSpec> partitionColumns,
            String statisticsSource) {
        List<Object> fileList = files.stream().<Object>map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("size", f.sizeBytes());
            m.put("partition_values", f.partitionValues());
            m.put("statistics", f.statistics() == null ? null : statisticsMap(f.statistics()));
            return m;
        }).toList();
        guard(() -> registerFiles(liveHandle(), name, Json.write(fileList), Json.write(columns(partitionColumns)),
                statisticsSource));
    }

    /** A table with a schema and no data; declared statistics (may be null) are what the planner sees. */
    public void registerSchemaOnly(String name, List<ColumnSpec> schema, TableStatistics statistics) {
        guard(() -> registerSchemaOnly(liveHandle(), name, Json.write(columns(schema)),
                statistics == null ? null : Json.write(statisticsMap(statistics))));
    }

    /** A DataFusion view; its SELECT is the provider DDL the capture records. Only read queries are accepted. */
    public void registerView(String name, String selectSql) {
        guard(() -> registerView(liveHandle(), name, selectSql));
    }

    /** Plans {@code sql} once and returns every artifact. {@code configOverrides} must be known DataFusion keys. */
    public CaptureResult capture(String sql, Map<String, String> configOverrides) {
        return capture(sql, configOverrides, Map.of());
    }

    /**
     * As {@link #capture(String, Map)}, with components captured outside the engine (e.g. {@code delta} snapshot
     * identity, as canonical JSON) hashed by the engine's one canonical encoding into plan identity and the audit.
     */
    public CaptureResult capture(String sql, Map<String, String> configOverrides, Map<String, String> externalComponents) {
        long captureHandle = guard(() -> capture(liveHandle(), sql, Json.write(configOverrides),
                Json.write(externalComponents)));
        try (NativeCapture capture = new NativeCapture(captureHandle)) {
            return capture.materialize();
        }
    }

    /**
     * Plans {@code sql} to a physical plan and discards it: no artifacts, no per-rule rendering. The baseline that
     * {@code bench/run engine} measures captures against.
     */
    public void planOnly(String sql) {
        guard(() -> planOnly(liveHandle(), sql));
    }

    /** Runs a read query and streams its result (for checks and data set-up; captures never execute). */
    public ArrowReader query(String sql, BufferAllocator allocator) {
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        try {
            guard(() -> executeQuery(liveHandle(), sql, stream.memoryAddress()));
            return Data.importArrayStream(allocator, stream);
        } finally {
            stream.close();
        }
    }

    /**
     * DataFusion's own {@code EXPLAIN} (or {@code EXPLAIN VERBOSE}) of a read query as (plan_type, plan) rows, to set
     * beside a capture's rows. Nothing is executed.
     */
    public ArrowReader explain(String sql, boolean verbose, BufferAllocator allocator) {
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        try {
            guard(() -> explain(liveHandle(), sql, verbose, stream.memoryAddress()));
            return Data.importArrayStream(allocator, stream);
        } finally {
            stream.close();
        }
    }

    /** Writes the result of a read query to one Parquet file under a data root (test and benchmark data). */
    public void writeParquet(String selectSql, String path) {
        guard(() -> writeParquet(liveHandle(), selectSql, path));
    }

    @Override
    public void close() {
        if (handle != 0) {
            closeSession(handle);
            handle = 0;
            onClose.accept(this);
        }
    }

    private long liveHandle() {
        if (handle == 0) throw new IllegalStateException("session is closed");
        return handle;
    }

    /** Internal failures leave the runtime suspect: mark it so the pool replaces it. */
    private <T> T guard(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (InternalEngineException e) {
            runtime.markBroken();
            throw e;
        }
    }

    private void guard(Runnable call) {
        guard(() -> {
            call.run();
            return null;
        });
    }

    private static List<Object> columns(List<ColumnSpec> columns) {
        return columns.stream().<Object>map(c -> Map.of("name", c.name(), "type", c.type(), "nullable", c.nullable()))
                .toList();
    }

    private static Map<String, Object> statisticsMap(TableStatistics s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("num_rows", s.numRows());
        m.put("total_byte_size", s.totalByteSize());
        Map<String, Object> cols = new LinkedHashMap<>();
        s.columns().forEach((name, c) -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("null_count", c.nullCount());
            cm.put("min", c.min());
            cm.put("max", c.max());
            cm.put("distinct_count", c.distinctCount());
            cols.put(name, cm);
        });
        m.put("columns", cols);
        return m;
    }

    private static native void registerParquet(long session, String name, String location);

    private static native void registerFiles(long session, String name, String filesJson, String partitionColumnsJson,
            String statisticsSource);

    private static native void registerSchemaOnly(long session, String name, String schemaJson, String statisticsJson);

    private static native void registerView(long session, String name, String selectSql);

    private static native long capture(long session, String sql, String overridesJson, String externalJson);

    private static native void executeQuery(long session, String sql, long streamAddress);

    private static native void explain(long session, String sql, boolean verbose, long streamAddress);

    private static native void writeParquet(long session, String selectSql, String path);

    private static native void planOnly(long session, String sql);

    private static native void closeSession(long session);
}
