package dev.planprovenance.service.delta;

import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads one Delta snapshot (latest, by version or by timestamp) with Delta Kernel's default engine. The location
 * must already be validated against the data roots: this class reads whatever it is given.
 */
public final class DeltaSnapshotReader {

    static final String PHYSICAL_NAME = "delta.columnMapping.physicalName";
    static final String FIELD_ID = "delta.columnMapping.id";
    static final String TYPE_CHANGES = "delta.typeChanges";

    private final Engine engine;

    public DeltaSnapshotReader(Configuration hadoopConfiguration) {
        this.engine = DefaultEngine.create(hadoopConfiguration);
    }

    public DeltaSnapshotReader() {
        this(new Configuration());
    }

    /**
     * @throws DeltaTableException when there is no table, version or commit to read; a protocol Kernel cannot
     *                             read is not thrown but returned as {@link DeltaRead.Unsupported}
     */
    public DeltaRead read(String location, TimeTravel request) {
        Table table = Table.forPath(engine, location);
        String root = stripSlash(table.getPath(engine));
        Snapshot snapshot;
        try {
            snapshot = request.version() != null ? table.getSnapshotAsOfVersion(engine, request.version())
                    : request.timestamp() != null
                    ? table.getSnapshotAsOfTimestamp(engine, request.timestamp().toEpochMilli())
                    : table.getLatestSnapshot(engine);
        } catch (TableNotFoundException e) {
            throw new DeltaTableException(DeltaTableException.Kind.NOT_FOUND,
                    "no Delta table at " + location + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Kernel throws the same KernelException type for "unsupported protocol" as for other failures: ask
            // the log for the protocol and Kernel whether that protocol is the reason. A timestamp request is
            // probed at the latest version, the closest protocol we can know without resolving the timestamp.
            Optional<DeltaProtocol> protocol = KernelInternals.probeProtocol(engine, root, request.version());
            if (protocol.isPresent() && KernelInternals.kernelReadSupportError(protocol.get(), root).isPresent()) {
                return new DeltaRead.Unsupported(root, request, protocol.get(), masked(e.getMessage(), root));
            }
            throw new DeltaTableException(kindOf(e, request), e.getMessage(), e);
        }
        return new DeltaRead.Loaded(toSnapshot(root, snapshot));
    }

    private DeltaSnapshot toSnapshot(String root, Snapshot snapshot) {
        Map<String, String> properties = KernelInternals.configuration(snapshot);
        String mode = properties.getOrDefault("delta.columnMapping.mode", "none");
        List<DeltaColumn> columns = new ArrayList<>();
        flatten(snapshot.getSchema(), List.of(), List.of(), !mode.equals("none"), columns);
        Map<String, String> logicalByPhysical = new HashMap<>();
        columns.stream().filter(DeltaColumn::isTopLevel).forEach(c -> logicalByPhysical.put(c.physicalName(), c.name()));
        List<DeltaFile> files = KernelInternals.activeFiles(engine, snapshot).stream()
                .map(f -> toFile(root, f, logicalByPhysical)).toList();
        return new DeltaSnapshot(root, snapshot.getVersion(), snapshot.getTimestamp(engine),
                inCommitTimestamps(properties, snapshot.getVersion()), KernelInternals.tableId(snapshot),
                KernelInternals.protocol(snapshot), snapshot.getSchema().toJson(), columns,
                snapshot.getPartitionColumnNames(), new TreeMap<>(properties), mode, files);
    }

    private static DeltaFile toFile(String root, KernelInternals.RawFile raw, Map<String, String> logicalByPhysical) {
        Map<String, String> partitionValues = new HashMap<>();
        raw.partitionValues().forEach((k, v) -> partitionValues.put(logicalByPhysical.getOrDefault(k, k), v));
        String relative = raw.absolutePath().startsWith(root + "/")
                ? raw.absolutePath().substring(root.length() + 1) : raw.absolutePath();
        return new DeltaFile(relative, raw.absolutePath(), raw.size(), new TreeMap<>(partitionValues),
                raw.deletionVector(), raw.statsJson());
    }

    /** Depth-first over struct fields; physical names only mean something when column mapping is on. */
    private static void flatten(StructType struct, List<String> path, List<String> physicalPath, boolean mapped,
                                List<DeltaColumn> out) {
        for (StructField field : struct.fields()) {
            FieldMetadata meta = field.getMetadata();
            List<String> logical = append(path, field.getName());
            List<String> physical = append(physicalPath,
                    mapped && meta.contains(PHYSICAL_NAME) ? meta.getString(PHYSICAL_NAME) : field.getName());
            boolean nested = field.getDataType() instanceof StructType;
            out.add(new DeltaColumn(logical, physical, typeName(field.getDataType()),
                    field.isNullable(), mapped && meta.contains(FIELD_ID) ? meta.getLong(FIELD_ID) : null,
                    meta.contains(TYPE_CHANGES)));
            if (nested) {
                flatten((StructType) field.getDataType(), logical, physical, mapped, out);
            }
        }
    }

    /** Delta's own spelling of a type (as in schemaString); Kernel's toString differs for decimals. */
    static String typeName(DataType type) {
        if (type instanceof DecimalType d) {
            return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
        }
        if (type instanceof ArrayType a) {
            return "array<" + typeName(a.getElementType()) + ">";
        }
        if (type instanceof MapType m) {
            return "map<" + typeName(m.getKeyType()) + "," + typeName(m.getValueType()) + ">";
        }
        return type instanceof StructType ? "struct" : type.toString();
    }

    /** In-commit timestamps live in the log (and so survive a copy); they apply from their enablement version. */
    private static boolean inCommitTimestamps(Map<String, String> properties, long version) {
        if (!"true".equals(properties.get("delta.enableInCommitTimestamps"))) {
            return false;
        }
        String since = properties.get("delta.inCommitTimestampEnablementVersion");
        return since == null || version >= Long.parseLong(since);
    }

    private static DeltaTableException.Kind kindOf(RuntimeException e, TimeTravel request) {
        if (!(e instanceof KernelException) || request.isLatest()) {
            return DeltaTableException.Kind.UNREADABLE;
        }
        return request.version() != null ? DeltaTableException.Kind.NO_SUCH_VERSION
                : DeltaTableException.Kind.TIMESTAMP_OUT_OF_RANGE;
    }

    /** Kernel names the table's path in its messages; the recorded (and hashed) text must not. */
    private static String masked(String message, String root) {
        String text = message == null ? "" : message;
        String bare = root.startsWith("file:") ? root.substring("file:".length()) : root;
        return text.replace(root, DeltaCanonicalJson.MASKED_LOCATION).replace(bare, DeltaCanonicalJson.MASKED_LOCATION);
    }

    private static List<String> append(List<String> path, String name) {
        List<String> out = new ArrayList<>(path);
        out.add(name);
        return out;
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
