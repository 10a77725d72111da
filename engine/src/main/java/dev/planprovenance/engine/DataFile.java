package dev.planprovenance.engine;

import java.util.Map;

/** One Parquet file of an exact file set, with the partition values it carries as columns (may be empty). */
public record DataFile(String path, long sizeBytes, Map<String, String> partitionValues) {
    public DataFile {
        partitionValues = partitionValues == null ? Map.of() : Map.copyOf(partitionValues);
    }
}
