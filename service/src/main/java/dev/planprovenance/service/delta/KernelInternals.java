package dev.planprovenance.service.delta;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.ScanImpl;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.Protocol;
import io.delta.kernel.internal.tablefeatures.TableFeatures;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that touches Delta Kernel 4.0.0's internal classes. Kernel's public API gives neither the
 * protocol, the table id nor per-file details (deletion vectors, stats), so these casts are unavoidable; keeping
 * them here means a Kernel upgrade breaks one small file, not the feature.
 */
final class KernelInternals {

    /** An active file as the log states it; partition values keyed by physical column name. */
    record RawFile(String absolutePath, long size, Map<String, String> partitionValues, DeletionVector deletionVector,
                   String statsJson) {}

    private static final StructType PROTOCOL_ONLY = new StructType().add("protocol", Protocol.FULL_SCHEMA);
    // Commits, classic/multi-part checkpoints and v2 (UUID-named, JSON or Parquet) checkpoints.
    private static final Pattern LOG_FILE = Pattern.compile("(\\d{20})\\.(json|checkpoint(\\..+)?\\.(parquet|json))");

    private KernelInternals() {}

    static DeltaProtocol protocol(Snapshot snapshot) {
        return toProtocol(impl(snapshot).getProtocol());
    }

    static String tableId(Snapshot snapshot) {
        return impl(snapshot).getMetadata().getId();
    }

    static Map<String, String> configuration(Snapshot snapshot) {
        return impl(snapshot).getMetadata().getConfiguration();
    }

    /** Every active file of the snapshot, with the log's stats (the public scan API leaves them out). */
    static List<RawFile> activeFiles(Engine engine, Snapshot snapshot) {
        ScanImpl scan = (ScanImpl) snapshot.getScanBuilder().build();
        List<RawFile> files = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine, true)) {
            while (batches.hasNext()) {
                try (CloseableIterator<Row> rows = batches.next().getRows()) {
                    while (rows.hasNext()) {
                        files.add(rawFile(rows.next()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static RawFile rawFile(Row scanFile) {
        FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
        AddFile add = new AddFile(scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
        DeletionVectorDescriptor dv = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
        DeletionVector deletionVector = dv == null ? null : new DeletionVector(dv.getStorageType(),
                dv.getPathOrInlineDv(), dv.getOffset().orElse(null), dv.getSizeInBytes(), dv.getCardinality());
        return new RawFile(status.getPath(), status.getSize(),
                new HashMap<>(InternalScanFileUtils.getPartitionValues(scanFile)), deletionVector,
                add.getStatsJson().orElse(null));
    }

    /** Kernel's own verdict on reading a protocol: the message it would throw, or empty when it can read it. */
    static Optional<String> kernelReadSupportError(DeltaProtocol protocol, String tablePath) {
        try {
            TableFeatures.validateKernelCanReadTheTable(new Protocol(protocol.minReaderVersion(),
                    protocol.minWriterVersion(), protocol.readerFeatures(), protocol.writerFeatures()), tablePath);
            return Optional.empty();
        } catch (KernelException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The protocol in force at {@code version} (latest when null), read straight from the log. Kernel refuses
     * to build a snapshot whose protocol it cannot read, yet the refusal must still name that protocol: so the
     * newest commit that carries one is read, or the newest checkpoint when no later commit changed it.
     */
    static Optional<DeltaProtocol> probeProtocol(Engine engine, String tablePath, Long version) {
        String logDir = tablePath + "/_delta_log/";
        TreeMap<Long, FileStatus> commits = new TreeMap<>();
        TreeMap<Long, List<FileStatus>> checkpoints = new TreeMap<>();
        try (CloseableIterator<FileStatus> listing =
                     engine.getFileSystemClient().listFrom(logDir + "00000000000000000000")) {
            while (listing.hasNext()) {
                FileStatus file = listing.next();
                String name = file.getPath().substring(file.getPath().lastIndexOf('/') + 1);
                Matcher m = LOG_FILE.matcher(name);
                if (!m.matches() || (version != null && Long.parseLong(m.group(1)) > version)) {
                    continue;
                }
                long v = Long.parseLong(m.group(1));
                if (m.group(2).equals("json")) {
                    commits.put(v, file);
                } else {
                    checkpoints.computeIfAbsent(v, k -> new ArrayList<>()).add(file);
                }
            }
            Long checkpoint = checkpoints.isEmpty() ? null : checkpoints.lastKey();
            for (Long v : commits.descendingKeySet()) {
                if (checkpoint != null && v <= checkpoint) {
                    break;
                }
                Optional<DeltaProtocol> found = readProtocol(engine, List.of(commits.get(v)), true);
                if (found.isPresent()) {
                    return found;
                }
            }
            if (checkpoint == null) {
                return Optional.empty();
            }
            List<FileStatus> parts = checkpoints.get(checkpoint);
            return readProtocol(engine, parts, parts.get(0).getPath().endsWith(".json"));
        } catch (IOException | RuntimeException e) {
            // Only used to explain a refusal: an unreadable log simply leaves the protocol unknown.
            return Optional.empty();
        }
    }

    private static Optional<DeltaProtocol> readProtocol(Engine engine, List<FileStatus> files, boolean json)
            throws IOException {
        CloseableIterator<FileStatus> input = Utils.toCloseableIterator(files.iterator());
        try (CloseableIterator<ColumnarBatch> batches = json
                ? engine.getJsonHandler().readJsonFiles(input, PROTOCOL_ONLY, Optional.empty())
                : engine.getParquetHandler().readParquetFiles(input, PROTOCOL_ONLY, Optional.empty())) {
            while (batches.hasNext()) {
                ColumnarBatch batch = batches.next();
                ColumnVector protocols = batch.getColumnVector(0);
                for (int row = 0; row < batch.getSize(); row++) {
                    if (!protocols.isNullAt(row)) {
                        return Optional.of(toProtocol(Protocol.fromColumnVector(protocols, row)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static DeltaProtocol toProtocol(Protocol p) {
        return DeltaProtocol.of(p.getMinReaderVersion(), p.getMinWriterVersion(), p.getReaderFeatures(),
                p.getWriterFeatures());
    }

    private static SnapshotImpl impl(Snapshot snapshot) {
        return (SnapshotImpl) snapshot;
    }
}
