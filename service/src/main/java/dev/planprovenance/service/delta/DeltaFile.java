package dev.planprovenance.service.delta;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One active data file of a snapshot.
 *
 * @param relativePath    path below the table root, decoded, '/'-separated: the location-independent name
 *                        (a file outside the root, as shallow clones have, keeps its absolute path here)
 * @param absolutePath    the path Kernel resolved (Hadoop form, e.g. {@code file:/data/t/part-0.parquet})
 * @param partitionValues by logical column name; a null value is a null partition
 * @param deletionVector  null when the file has none
 * @param statsJson       the log's {@code stats} JSON (numRecords, minValues, maxValues, nullCount), keyed by
 *                        physical column names; null when the writer recorded none
 */
public record DeltaFile(String relativePath, String absolutePath, long size,
                        SortedMap<String, String> partitionValues, DeletionVector deletionVector, String statsJson) {

    public DeltaFile {
        partitionValues = Collections.unmodifiableSortedMap(new TreeMap<>(partitionValues));
    }

    public boolean hasDeletionVector() {
        return deletionVector != null;
    }

    /** A plain file-system path when the file is local (what the engine opens); the absolute path otherwise. */
    public String localPath() {
        if (absolutePath.startsWith("file:")) {
            // Hadoop's Path string is already decoded: only the scheme and authority are dropped here.
            String rest = absolutePath.substring("file:".length());
            return rest.startsWith("///") ? rest.substring(2) : rest;
        }
        return absolutePath;
    }
}
