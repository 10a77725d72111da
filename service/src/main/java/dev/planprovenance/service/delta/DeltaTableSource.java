package dev.planprovenance.service.delta;

import dev.planprovenance.engine.ColumnSpec;
import dev.planprovenance.engine.DataFile;
import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.service.api.model.TableReference;
import dev.planprovenance.service.capture.ExternalTableSource;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delta tables in a capture: Kernel resolves the snapshot (latest, a version or a timestamp) under the configured
 * gate policy, and the engine gets a Parquet table over exactly the snapshot's active files with the partition
 * values as columns. With column mapping the files carry physical column names: they are registered under
 * {@link #internalName} and a view of the table's own name renames physical to logical, so the view's DDL records
 * the mapping. The description is the canonical {@code delta} JSON of {@link DeltaCanonicalJson} (location masked).
 */
@Component
public class DeltaTableSource implements ExternalTableSource {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");

    private final DeltaTableResolver resolver;

    public DeltaTableSource(DeltaTableResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public String format() {
        return "delta";
    }

    @Override
    public String component() {
        return "delta";
    }

    /** The hash of a capture's Delta snapshots, which enters plan identity. */
    @Override
    public String hashName() {
        return "delta_snapshot_hash";
    }

    @Override
    public Object register(EngineSession session, TableReference table) {
        String name = table.getName();
        Path location = session.resolveLocation(table.getLocation());
        DeltaResolution resolution = resolve(name, location, timeTravel(table));
        if (resolution.refused()) {
            GateOutcome gate = resolution.gate();
            throw new ProblemException(ProblemType.DELTA_PROTOCOL_REFUSED, "Table '" + name + "': " + gate.message()
                    + ".", Map.of("table", name, "refused_features", List.copyOf(gate.refusedFeatures()),
                    "gate_policy", gate.policy().name().toLowerCase(Locale.ROOT)));
        }
        DeltaSnapshot snapshot = resolution.snapshot();
        List<DataFile> files = snapshot.files().stream().map(f -> dataFile(f, snapshot.columns())).toList();
        requirePresent(name, files);
        List<ColumnSpec> partitions = partitionColumns(name, snapshot);
        // With no active files (a table just created) the schema comes from the Delta metadata instead of footers.
        List<ColumnSpec> fileColumns = files.isEmpty() ? fileColumns(name, snapshot) : List.of();
        if (snapshot.columnMappingMode().equals("none")) {
            session.registerParquetFiles(name, files, partitions, fileColumns, DeltaLogStatistics.PROVENANCE);
        } else {
            String internal = internalName(name);
            session.registerParquetFiles(internal, files, partitions, fileColumns, DeltaLogStatistics.PROVENANCE);
            session.registerView(name, mappingView(internal, snapshot));
        }
        return JSON.readTree(resolution.canonicalJson());
    }

    /** Where the files of a column-mapped table are registered; the table's own name is the renaming view. */
    public static String internalName(String table) {
        return "__delta_" + table.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code SELECT "<physical>" AS "<logical>", ... FROM "__delta_<name>"} in schema order. Partition columns are
     * not in the files: the file set carries them under their logical names already.
     */
    static String mappingView(String internal, DeltaSnapshot snapshot) {
        List<String> select = new ArrayList<>();
        for (DeltaColumn column : snapshot.columns()) {
            if (!column.isTopLevel()) continue;
            String logical = quote(column.name());
            select.add(snapshot.partitionColumns().contains(column.name()) ? logical
                    : quote(column.physicalName()) + " AS " + logical);
        }
        return "SELECT " + String.join(", ", select) + " FROM " + quote(internal);
    }

    private DeltaResolution resolve(String name, Path location, TimeTravel request) {
        try {
            return resolver.resolve(location.toString(), request);
        } catch (DeltaTableException e) {
            ProblemType type = switch (e.kind()) {
                case NOT_FOUND -> ProblemType.DELTA_TABLE_NOT_FOUND;
                case NO_SUCH_VERSION, TIMESTAMP_OUT_OF_RANGE -> ProblemType.DELTA_VERSION_NOT_FOUND;
                case UNREADABLE -> ProblemType.DELTA_TABLE_UNREADABLE;
            };
            String what = switch (e.kind()) {
                case NOT_FOUND -> "no Delta table (no _delta_log) at its location";
                case NO_SUCH_VERSION -> "the table has no " + request;
                case TIMESTAMP_OUT_OF_RANGE -> "no commit of the table is at or before " + request.timestamp()
                        + " (or it is after the latest commit)";
                case UNREADABLE -> "the Delta log cannot be read";
            };
            throw new ProblemException(type, "Table '" + name + "': " + what + ".");
        }
    }

    private static TimeTravel timeTravel(TableReference table) {
        if (table.getVersion() != null) return TimeTravel.atVersion(table.getVersion());
        if (table.getTimestamp() != null) return TimeTravel.atTimestamp(table.getTimestamp().toInstant());
        return TimeTravel.latest();
    }

    /**
     * A snapshot whose log names a data file that is not there cannot be read as it claims to be: say so (422), rather
     * than let the engine's path check report it as a location outside the data roots.
     */
    private static void requirePresent(String table, List<DataFile> files) {
        List<String> missing = files.stream().map(DataFile::path).filter(p -> !java.nio.file.Files.isRegularFile(Path.of(p)))
                .map(p -> Path.of(p).getFileName().toString()).limit(5).toList();
        if (!missing.isEmpty()) {
            throw new ProblemException(ProblemType.DELTA_TABLE_UNREADABLE, "Table '" + table
                    + "': the snapshot's active files are missing from the table folder: " + String.join(", ", missing) + ".");
        }
    }

    /** Delta writes a null partition as JSON null or as the empty string (for any type). */
    private static DataFile dataFile(DeltaFile file, List<DeltaColumn> columns) {
        Map<String, String> values = new HashMap<>();
        file.partitionValues().forEach((column, value) -> {
            if (value != null && !value.isEmpty()) values.put(column, value);
        });
        // A partition column missing from the map is NULL to the engine.
        return new DataFile(file.localPath(), file.size(), values, DeltaFileStatistics.of(file, columns));
    }

    private static List<ColumnSpec> partitionColumns(String table, DeltaSnapshot snapshot) {
        Map<String, DeltaColumn> byName = new LinkedHashMap<>();
        snapshot.columns().stream().filter(DeltaColumn::isTopLevel).forEach(c -> byName.put(c.name(), c));
        List<ColumnSpec> out = new ArrayList<>();
        for (String name : snapshot.partitionColumns()) {
            DeltaColumn column = byName.get(name);
            if (column == null) {
                throw new ProblemException(ProblemType.DELTA_TABLE_UNREADABLE, "Table '" + table
                        + "': partition column '" + name + "' is not in the table schema.");
            }
            out.add(new ColumnSpec(name, sqlType(table, column), true));
        }
        return out;
    }

    /**
     * The top-level non-partition columns under the names the files would carry (physical with column mapping), for a
     * snapshot with no files. Nested types have no DDL spelling here and are refused as for partition columns.
     */
    private static List<ColumnSpec> fileColumns(String table, DeltaSnapshot snapshot) {
        return snapshot.columns().stream().filter(DeltaColumn::isTopLevel)
                .filter(c -> !snapshot.partitionColumns().contains(c.name()))
                .map(c -> new ColumnSpec(c.physicalName(), sqlType(table, c), c.nullable())).toList();
    }

    /** Delta's type name as DataFusion's DDL spells it; only types a partition column can have. */
    static String sqlType(String table, DeltaColumn column) {
        String type = column.type();
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) return "DECIMAL(" + decimal.group(1) + ", " + decimal.group(2) + ")";
        return switch (type) {
            case "byte" -> "TINYINT";
            case "short" -> "SMALLINT";
            case "integer" -> "INT";
            case "long" -> "BIGINT";
            case "float" -> "REAL";
            case "double" -> "DOUBLE";
            case "boolean" -> "BOOLEAN";
            case "string" -> "VARCHAR";
            case "binary" -> "BYTEA";
            case "date" -> "DATE";
            // Delta partition timestamps are written without a zone (UTC); timestamp_ntz has none by definition.
            case "timestamp", "timestamp_ntz" -> "TIMESTAMP";
            default -> throw new ProblemException(ProblemType.TABLE_REFUSED, "Table '" + table
                    + "': column '" + column.name() + "' has type " + type
                    + ", which the Parquet provider cannot declare (as a partition column, or in a table with no files).");
        };
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
