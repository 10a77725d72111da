package dev.planprovenance.service.delta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one Delta snapshot is, read through Delta Kernel: its identity, schema and exact active file set.
 *
 * @param location              the table root as Kernel resolved it (never part of a hash)
 * @param commitTimestamp       milliseconds since the epoch
 * @param inCommitTimestamp     true when the timestamp is written in the log (in-commit timestamps); false when
 *                              Delta took it from the commit file's modification time, which a copy or clone of
 *                              the table does not keep
 * @param schemaJson            Kernel's rendering of the logical schema (Delta's schemaString form, with the
 *                              column-mapping metadata)
 * @param columnMappingMode     {@code none}, {@code name} or {@code id}
 * @param files                 sorted by relative path
 */
public record DeltaSnapshot(String location, long version, long commitTimestamp, boolean inCommitTimestamp,
                            String tableId, DeltaProtocol protocol, String schemaJson, List<DeltaColumn> columns,
                            List<String> partitionColumns, SortedMap<String, String> properties,
                            String columnMappingMode, List<DeltaFile> files) {

    public DeltaSnapshot {
        columns = List.copyOf(columns);
        partitionColumns = List.copyOf(partitionColumns);
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        files = files.stream().sorted(Comparator.comparing(DeltaFile::relativePath)).toList();
    }

    public long fileCount() {
        return files.size();
    }

    public long byteCount() {
        return files.stream().mapToLong(DeltaFile::size).sum();
    }

    public long deletionVectorFileCount() {
        return files.stream().filter(DeltaFile::hasDeletionVector).count();
    }

    /** Rows that deletion vectors remove: a plain Parquet scan would still return them. */
    public long deletedRowCount() {
        return files.stream().filter(DeltaFile::hasDeletionVector).mapToLong(f -> f.deletionVector().cardinality())
                .sum();
    }

    public List<DeltaColumn> widenedColumns() {
        return columns.stream().filter(DeltaColumn::widened).toList();
    }

    /**
     * SHA-256 over the sorted active files: relative path, size, partition values (sorted by name) and the
     * deletion-vector descriptor. Every field is length-prefixed so no two file sets share an encoding.
     */
    public String fileSetHash() {
        MessageDigest digest = sha256();
        for (DeltaFile file : files) {
            put(digest, file.relativePath());
            put(digest, Long.toString(file.size()));
            put(digest, Integer.toString(file.partitionValues().size()));
            for (Map.Entry<String, String> value : file.partitionValues().entrySet()) {
                put(digest, value.getKey());
                put(digest, value.getValue());
            }
            put(digest, file.hasDeletionVector() ? file.deletionVector().descriptor() : null);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A null is -1 and never collides with the empty string (length 0). */
    private static void put(MessageDigest digest, String value) {
        if (value == null) {
            digest.update(new byte[] {-1, -1, -1, -1});
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(bytes);
    }
}
