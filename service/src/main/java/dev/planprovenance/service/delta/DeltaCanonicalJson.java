package dev.planprovenance.service.delta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code delta} component: snapshot identity + scan config + gate outcome as canonical JSON (keys sorted at
 * every level, no whitespace), and {@code delta_snapshot_hash} over it.
 *
 * <p>Two things stay out so the same table hashes the same wherever it lives: the table location (always
 * {@link #MASKED_LOCATION}; {@link #record} puts the caller's masked location back for display) and a commit
 * timestamp that Delta took from a file's modification time (a copy or a fresh clone changes it). In-commit
 * timestamps are part of the log and are kept. The time-travel request is also left out: latest and
 * "version 3" name the same snapshot when 3 is the latest.
 */
public final class DeltaCanonicalJson {

    public static final String MASKED_LOCATION = "<masked>";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private DeltaCanonicalJson() {}

    public static String canonical(DeltaRead read, GateOutcome gate, ScanConfig scanConfig) {
        return JSON.writeValueAsString(tree(read, gate, scanConfig, MASKED_LOCATION));
    }

    /** For the stored artifact: the canonical tree plus the masked location and the observed commit time. */
    public static String record(DeltaResolution resolution, String maskedLocation) {
        Map<String, Object> tree = tree(resolution.read(), resolution.gate(), resolution.scanConfig(),
                maskedLocation);
        if (resolution.snapshot() != null) {
            tree.put("observed_commit_timestamp", resolution.snapshot().commitTimestamp());
        }
        return JSON.writeValueAsString(tree);
    }

    public static String sha256(String canonicalJson) {
        return HexFormat.of().formatHex(DeltaSnapshot.sha256().digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, Object> tree(DeltaRead read, GateOutcome gate, ScanConfig scan, String location) {
        Map<String, Object> root = new TreeMap<>();
        root.put("format", "delta");
        root.put("location", location);
        root.put("protocol", protocol(read.protocol()));
        root.put("gate", gate(gate));
        if (read instanceof DeltaRead.Loaded loaded) {
            root.put("snapshot", snapshot(loaded.snapshot()));
            root.put("scan_config", scan(scan));
        } else {
            DeltaRead.Unsupported unsupported = (DeltaRead.Unsupported) read;
            // Nothing was resolved, so the request is the only identity there is.
            root.put("snapshot", map("requested", unsupported.request().toString(),
                    "kernel_message", unsupported.kernelMessage()));
        }
        return root;
    }

    private static Map<String, Object> protocol(DeltaProtocol p) {
        return map("min_reader_version", p.minReaderVersion(), "min_writer_version", p.minWriterVersion(),
                "reader_features", List.copyOf(p.readerFeatures()), "writer_features", List.copyOf(p.writerFeatures()),
                "effective_reader_features", List.copyOf(p.effectiveReaderFeatures()),
                "effective_writer_features", List.copyOf(p.effectiveWriterFeatures()));
    }

    private static Map<String, Object> snapshot(DeltaSnapshot s) {
        Map<String, Object> out = map("version", s.version(), "table_id", s.tableId(),
                "commit_timestamp", s.inCommitTimestamp() ? s.commitTimestamp() : null,
                "commit_timestamp_source", s.inCommitTimestamp() ? "in_commit_timestamp" : "file_modification_time",
                "schema", plain(JSON.readTree(s.schemaJson())), "partition_columns", s.partitionColumns(),
                "properties", s.properties(), "column_mapping_mode", s.columnMappingMode());
        out.put("file_set", map("hash", s.fileSetHash(), "files", s.fileCount(), "bytes", s.byteCount(),
                "files_with_deletion_vectors", s.deletionVectorFileCount()));
        return out;
    }

    private static Map<String, Object> scan(ScanConfig c) {
        Map<String, Object> out = map("provider", c.provider(), "column_mapping", c.columnMapping(),
                "column_handling", c.columnHandling(), "physical_to_logical", c.physicalToLogical(),
                "partition_columns", c.partitionColumns(), "deletion_vectors", c.deletionVectors(),
                "statistics_source", c.statisticsSource(), "files", c.fileCount(), "bytes", c.byteCount());
        DeltaLogStatistics st = c.statistics();
        if (st != null) {
            Map<String, Object> columns = new TreeMap<>();
            st.columns().forEach((name, col) -> columns.put(name, map("min", plain(col.min()),
                    "max", plain(col.max()), "null_count", col.nullCount())));
            out.put("statistics", map("provenance", st.provenance(), "num_records", st.numRecords(),
                    "counts_exact", st.countsExact(), "min_max_exact", false, "deleted_rows", st.deletedRows(),
                    "columns", columns));
        }
        return out;
    }

    private static Map<String, Object> gate(GateOutcome g) {
        return map("outcome", g.status().label(), "policy", g.policy().name().toLowerCase(java.util.Locale.ROOT),
                "reasons", g.reasons(), "refused_features", List.copyOf(g.refusedFeatures()),
                "features", g.features());
    }

    /** A parsed JSON value as plain, key-sorted Java values (ObjectNode property order is the writer's). */
    private static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(item -> out.add(plain(item)));
            return out;
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? node.bigIntegerValue() : node.decimalValue();
        }
        return node.isBoolean() ? node.booleanValue() : node.asString();
    }

    /** A sorted map from alternating keys and values; null values are kept so every key is always present. */
    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> out = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }
}
