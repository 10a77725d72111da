package dev.planprovenance.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Parquet file of an exact file set, with the partition values it carries as columns (may be empty; a value
 * may be null, a NULL partition) and, optionally, statistics from the file set's own metadata (a Delta log's
 * numRecords / minValues / maxValues / nullCount) that the planner then sees, as inexact.
 */
public record DataFile(String path, long sizeBytes, Map<String, String> partitionValues, TableStatistics statistics) {
    public DataFile {
        partitionValues = partitionValues == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues));
    }

    public DataFile(String path, long sizeBytes, Map<String, String> partitionValues) {
        this(path, sizeBytes, partitionValues, null);
    }
}
