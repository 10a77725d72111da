package dev.planprovenance.engine;

import dev.planprovenance.engine.contract.CaptureRequest;
import dev.planprovenance.engine.contract.Column;
import dev.planprovenance.engine.contract.ColumnList;
import dev.planprovenance.engine.contract.DataFile;
import dev.planprovenance.engine.contract.PartitionValue;
import dev.planprovenance.engine.contract.Profile;
import java.util.List;

/** The engine's Java types as messages of the JNI contract ({@code src/main/proto/engine.proto}). */
final class Contract {
    private Contract() {}

    static Profile profile(RuntimeProfile p) {
        return Profile.newBuilder()
                .setName(p.name())
                .setTargetPartitions(p.targetPartitions())
                .setBatchSize(p.batchSize())
                .setPlanningConcurrency(p.planningConcurrency())
                .setMemoryLimitBytes(p.memoryLimitBytes())
                .setAsyncUdfBatchSize(p.asyncUdfBatchSize())
                .setAsyncUdfTimeoutMs(p.asyncUdfTimeoutMillis())
                .addAllDisabledRules(p.disabledRules())
                .putAllConfig(p.config())
                .build();
    }

    static CaptureRequest captureRequest(String sql, java.util.Map<String, String> configOverrides,
            List<ExternalComponent> external, CaptureOptions options, String knownUdfCatalogHash) {
        CaptureRequest.Builder request = CaptureRequest.newBuilder()
                .setSql(sql)
                .putAllConfigOverrides(configOverrides)
                .setKnownUdfCatalogHash(knownUdfCatalogHash)
                .setVerifyAfresh(options.verifyAfresh());
        for (ExternalComponent c : external) {
            request.addExternalComponentsBuilder().setName(c.name()).setHashName(c.hashName()).setJson(c.json());
        }
        return request.build();
    }

    static dev.planprovenance.engine.contract.PlanLimits limits(PlanLimits l) {
        return dev.planprovenance.engine.contract.PlanLimits.newBuilder()
                .setMaxNodes(l.maxNodes())
                .setMaxDepth(l.maxDepth())
                .build();
    }

    static List<Column> columns(List<ColumnSpec> columns) {
        return columns.stream()
                .map(c -> Column.newBuilder().setName(c.name()).setSqlType(c.type()).setNullable(c.nullable()).build())
                .toList();
    }

    /** Each declared UNIQUE key, its column names in order. */
    static List<ColumnList> columnLists(List<List<String>> keys) {
        return keys.stream().map(k -> ColumnList.newBuilder().addAllColumns(k).build()).toList();
    }

    static DataFile file(dev.planprovenance.engine.DataFile f) {
        DataFile.Builder file = DataFile.newBuilder().setPath(f.path()).setSizeBytes(count(f.sizeBytes(), "size"));
        f.partitionValues().forEach((column, value) -> {
            PartitionValue.Builder v = PartitionValue.newBuilder();
            if (value != null) v.setValue(value); // absent: a NULL partition
            file.putPartitionValues(column, v.build());
        });
        if (f.statistics() != null) file.setStatistics(statistics(f.statistics()));
        return file.build();
    }

    static dev.planprovenance.engine.contract.TableStatistics statistics(TableStatistics s) {
        var table = dev.planprovenance.engine.contract.TableStatistics.newBuilder();
        if (s.numRows() != null) table.setNumRows(count(s.numRows(), "num_rows"));
        if (s.totalByteSize() != null) table.setTotalByteSize(count(s.totalByteSize(), "total_byte_size"));
        s.columns().forEach((name, c) -> {
            var column = dev.planprovenance.engine.contract.ColumnStatistics.newBuilder();
            if (c.nullCount() != null) column.setNullCount(count(c.nullCount(), name + ".null_count"));
            if (c.min() != null) column.setMin(c.min());
            if (c.max() != null) column.setMax(c.max());
            if (c.distinctCount() != null) column.setDistinctCount(count(c.distinctCount(), name + ".distinct_count"));
            table.putColumns(name, column.build());
        });
        return table.build();
    }

    /** Counts cross as unsigned: a negative one is the caller's mistake, not a huge number. */
    private static long count(long value, String what) {
        if (value < 0) throw new PlanningException("statistic " + what + " is negative: " + value);
        return value;
    }
}
