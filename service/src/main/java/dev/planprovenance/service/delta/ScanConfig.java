package dev.planprovenance.service.delta;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How the engine reads a Delta snapshot, recorded and hashed with it: the provider path, how column mapping and
 * deletion vectors are handled, and where statistics come from.
 *
 * @param provider          always {@link #PROVIDER}: Kernel's file list → a DataFusion Parquet table over exactly
 *                          those files, with the partition values as columns
 * @param columnMapping     {@code none}, {@code name} or {@code id}
 * @param columnHandling    what the provider does with the names ({@code as_is} or
 *                          {@code physical_to_logical_by_name})
 * @param physicalToLogical top-level physical column name → logical name; empty without column mapping
 * @param partitionColumns  logical partition column name → Delta type
 * @param deletionVectors   {@code none_present} or {@code not_applied} (a downgraded read: deleted rows return)
 * @param statisticsSource  {@code delta_log} when every active file has log stats, else {@code parquet_footer}
 * @param statistics        null unless the source is {@code delta_log}
 */
public record ScanConfig(String provider, String columnMapping, String columnHandling,
                         SortedMap<String, String> physicalToLogical, SortedMap<String, String> partitionColumns,
                         String deletionVectors, String statisticsSource, long fileCount, long byteCount,
                         DeltaLogStatistics statistics) {

    public static final String PROVIDER = "delta_kernel_file_list_to_datafusion_parquet";
    public static final String STATS_DELTA_LOG = "delta_log";
    public static final String STATS_PARQUET_FOOTER = "parquet_footer";

    public ScanConfig {
        physicalToLogical = Collections.unmodifiableSortedMap(new TreeMap<>(physicalToLogical));
        partitionColumns = Collections.unmodifiableSortedMap(new TreeMap<>(partitionColumns));
    }

    public static ScanConfig of(DeltaSnapshot snapshot) {
        boolean mapped = !snapshot.columnMappingMode().equals("none");
        SortedMap<String, String> physicalToLogical = new TreeMap<>();
        SortedMap<String, String> partitions = new TreeMap<>();
        for (DeltaColumn column : snapshot.columns()) {
            if (!column.isTopLevel()) {
                continue;
            }
            if (mapped) {
                physicalToLogical.put(column.physicalName(), column.name());
            }
            if (snapshot.partitionColumns().contains(column.name())) {
                partitions.put(column.name(), column.type());
            }
        }
        DeltaLogStatistics statistics = DeltaLogStatistics.of(snapshot).orElse(null);
        return new ScanConfig(PROVIDER, snapshot.columnMappingMode(),
                mapped ? "physical_to_logical_by_name" : "as_is", physicalToLogical, partitions,
                snapshot.deletionVectorFileCount() == 0 ? "none_present" : "not_applied",
                statistics != null ? STATS_DELTA_LOG : STATS_PARQUET_FOOTER, snapshot.fileCount(),
                snapshot.byteCount(), statistics);
    }
}
