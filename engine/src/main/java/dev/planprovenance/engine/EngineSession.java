package dev.planprovenance.engine;

import dev.planprovenance.engine.contract.DeclaredTable;
import dev.planprovenance.engine.contract.FileSetTable;
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
    private final NativeHandle handle;
    private Consumer<EngineSession> onClose = s -> {};

    EngineSession(EngineRuntime runtime, long handle) {
        this.runtime = runtime;
        this.handle = new NativeHandle("session", handle, EngineSession::closeSession);
    }

    void onClose(Consumer<EngineSession> callback) {
        this.onClose = callback;
    }

    /** The id of the runtime this session runs on ({@link EngineRuntime#id()}). */
    public long runtimeId() {
        return runtime.id();
    }

    EngineRuntime runtime() {
        return runtime;
    }

    /** A Parquet table over one file or every Parquet file of a folder. */
    public void registerParquet(String name, String location) {
        run(h -> registerParquet(h, name, location));
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
        registerParquetFiles(name, files, partitionColumns, List.of(), statisticsSource);
    }

    /**
     * As above; {@code fileColumns} (no partition columns) are the schema when {@code files} is empty — a table with
     * no files has no footer to infer it from — and the table is then empty with exactly zero rows.
     */
    public void registerParquetFiles(String name, List<DataFile> files, List<ColumnSpec> partitionColumns,
            List<ColumnSpec> fileColumns, String statisticsSource) {
        FileSetTable.Builder table = FileSetTable.newBuilder()
                .setName(name)
                .addAllFiles(files.stream().map(Contract::file).toList())
                .addAllPartitionColumns(Contract.columns(partitionColumns))
                .addAllFileColumns(Contract.columns(fileColumns));
        if (statisticsSource != null) table.setStatisticsSource(statisticsSource);
        byte[] request = table.build().toByteArray();
        run(h -> registerFiles(h, request));
    }

    /** A table with a schema and no data; declared statistics (may be null) are what the planner sees. */
    public void registerSchemaOnly(String name, List<ColumnSpec> schema, TableStatistics statistics) {
        registerSchemaOnly(name, schema, statistics, List.of(), List.of());
    }

    /**
     * A schema-only table with declared keys (column names; {@code primaryKey} may be empty), which the planner
     * sees as DataFusion's {@code Constraints} — as {@code CREATE EXTERNAL TABLE … PRIMARY KEY (…)} declares them.
     */
    public void registerSchemaOnly(String name, List<ColumnSpec> schema, TableStatistics statistics,
            List<String> primaryKey, List<List<String>> unique) {
        DeclaredTable.Builder table = DeclaredTable.newBuilder().setName(name).addAllColumns(Contract.columns(schema))
                .addAllPrimaryKey(primaryKey).addAllUnique(Contract.columnLists(unique));
        if (statistics != null) table.setStatistics(Contract.statistics(statistics));
        byte[] request = table.build().toByteArray();
        run(h -> registerSchemaOnly(h, request));
    }

    /**
     * {@code location} resolved (symlinks included) under the runtime's data roots: the engine's one check, for
     * locations a caller reads itself (a Delta log) as for those the engine opens. {@code file://} is accepted;
     * {@code ..}, relative paths and anything resolving outside the roots are {@link PathNotAllowedException}.
     */
    public java.nio.file.Path resolveLocation(String location) {
        String resolved = call(h -> resolveLocation(h, location));
        return java.nio.file.Path.of(resolved);
    }

    /** A DataFusion view; its SELECT is the provider DDL the capture records. Only read queries are accepted. */
    public void registerView(String name, String selectSql) {
        run(h -> registerView(h, name, selectSql));
    }

    /** Plans {@code sql} once and returns every artifact. {@code configOverrides} must be known DataFusion keys. */
    public CaptureResult capture(String sql, Map<String, String> configOverrides) {
        return capture(sql, configOverrides, List.of());
    }

    /**
     * As {@link #capture(String, Map)}, with components captured outside the engine (e.g. a Delta snapshot's
     * identity) hashed by the engine's one canonical encoding into plan identity and the audit.
     */
    public CaptureResult capture(String sql, Map<String, String> configOverrides, List<ExternalComponent> external) {
        return capture(sql, configOverrides, external, CaptureOptions.DEFAULTS);
    }

    /** As {@link #capture(String, Map, List)}, run as {@code options} say (e.g. verifying every plan afresh). */
    public CaptureResult capture(String sql, Map<String, String> configOverrides, List<ExternalComponent> external,
            CaptureOptions options) {
        byte[] bytes = Contract.captureRequest(sql, configOverrides, external, options, runtime.udfCatalog().hash())
                .toByteArray();
        long captureHandle = call(h -> capture(h, bytes));
        Map<String, String> hashNames = new java.util.TreeMap<>();
        for (ExternalComponent c : external) hashNames.put(c.name(), c.hashName());
        try (NativeCapture capture = new NativeCapture(captureHandle, runtime.udfCatalog())) {
            return capture.materialize(hashNames);
        } catch (InternalEngineException e) {
            runtime.markBroken();
            throw e;
        }
    }

    /**
     * Plans {@code sql} to a physical plan and discards it: no artifacts, no per-rule rendering. The baseline that
     * {@code bench/run engine} measures captures against.
     */
    public void planOnly(String sql) {
        run(h -> planOnly(h, sql));
    }

    /** Runs a read query and streams its result (for checks and data set-up; captures never execute). */
    public ArrowReader query(String sql, BufferAllocator allocator) {
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        try {
            run(h -> executeQuery(h, sql, stream.memoryAddress()));
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
            run(h -> explain(h, sql, verbose, stream.memoryAddress()));
            return Data.importArrayStream(allocator, stream);
        } finally {
            stream.close();
        }
    }

    /** Writes the result of a read query to one Parquet file under a data root (test and benchmark data). */
    public void writeParquet(String selectSql, String path) {
        run(h -> writeParquet(h, selectSql, path));
    }

    @Override
    public void close() {
        if (!handle.isOpen()) return;
        handle.close();
        onClose.accept(this);
    }

    /** Internal failures leave the runtime suspect: mark it so the pool replaces it. */
    private <T> T call(java.util.function.LongFunction<T> call) {
        try {
            return handle.call(call);
        } catch (InternalEngineException e) {
            runtime.markBroken();
            throw e;
        }
    }

    private void run(java.util.function.LongConsumer call) {
        call(h -> {
            call.accept(h);
            return null;
        });
    }

    private static native void registerParquet(long session, String name, String location);

    private static native void registerFiles(long session, byte[] fileSetTable);

    private static native void registerSchemaOnly(long session, byte[] declaredTable);

    private static native String resolveLocation(long session, String location);

    private static native void registerView(long session, String name, String selectSql);

    private static native long capture(long session, byte[] captureRequest);

    private static native void executeQuery(long session, String sql, long streamAddress);

    private static native void explain(long session, String sql, boolean verbose, long streamAddress);

    private static native void writeParquet(long session, String selectSql, String path);

    private static native void planOnly(long session, String sql);

    private static native void closeSession(long session);
}
