package dev.planprovenance.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Parquet file of an exact file set, with the partition values it carries as columns (may be empty; a value
 * may be null, a NULL partition).
 */
public record DataFile(String path, long sizeBytes, Map<String, String> partitionValues) {
    public DataFile {
        partitionValues = partitionValues == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues));
    }
}
