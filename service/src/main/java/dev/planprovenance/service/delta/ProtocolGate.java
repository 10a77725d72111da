package dev.planprovenance.service.delta;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides, feature by feature from the protocol, whether a Kernel file list scanned as plain Parquet by DataFusion
 * gives the rows Delta defines. The decisions are about features, never about particular tables.
 *
 * <ul>
 *   <li>deletionVectors: active files with a DV → refused (STRICT) or downgraded (DOWNGRADE: deleted rows come
 *       back, statistics inexact); no active file with a DV → downgraded under both, since the scan is exact.</li>
 *   <li>columnMapping: mode {@code name} is compatible (the provider maps physical to logical names); mode
 *       {@code id} is refused (STRICT) or downgraded (DOWNGRADE): DataFusion resolves Parquet columns by name, not by
 *       field id, which is exact only when the files use the physical names, as Delta writers do.</li>
 *   <li>typeWidening(-preview): no widened column → compatible; a widened column → refused (STRICT) or downgraded
 *       (older files hold the narrower type and rely on the provider's cast to the table schema).</li>
 *   <li>timestampNtz, v2Checkpoint, vacuumProtocolCheck → compatible (no effect on the data files' meaning, or
 *       handled by Kernel while it reads the log).</li>
 *   <li>variantType, variantShredding (and -preview), catalogManaged, catalogOwned-preview, any unknown reader
 *       feature, a reader version above 3 → refused under both policies.</li>
 * </ul>
 * Writer-only features do not change what a reader sees and are recorded as such.
 */
public final class ProtocolGate {

    /** Highest reader version whose meaning we know (3 = reader features listed explicitly). */
    public static final int MAX_READER_VERSION = 3;

    private static final Set<String> ALWAYS_COMPATIBLE = Set.of("timestampNtz", "v2Checkpoint", "vacuumProtocolCheck");
    private static final Set<String> VARIANT = Set.of("variantType", "variantType-preview", "variantShredding",
            "variantShredding-preview");
    private static final Set<String> CATALOG = Set.of("catalogManaged", "catalogOwned-preview");
    private static final Set<String> TYPE_WIDENING = Set.of("typeWidening", "typeWidening-preview");

    /**
     * What the gate needs to know beyond the protocol.
     *
     * @param kernelRefusal Kernel's message when it refused to load the snapshot (then the file facts are unknown)
     */
    public record Facts(String columnMappingMode, long activeFiles, long deletionVectorFiles, long deletedRows,
                        List<String> widenedColumns, String kernelRefusal) {

        public static Facts of(DeltaSnapshot s) {
            return new Facts(s.columnMappingMode(), s.fileCount(), s.deletionVectorFileCount(), s.deletedRowCount(),
                    s.widenedColumns().stream().map(DeltaColumn::name).toList(), null);
        }

        public static Facts of(DeltaRead read) {
            return read instanceof DeltaRead.Loaded loaded ? of(loaded.snapshot())
                    : new Facts("unknown", 0, 0, 0, List.of(), ((DeltaRead.Unsupported) read).kernelMessage());
        }
    }

    private final GatePolicy policy;

    public ProtocolGate(GatePolicy policy) {
        this.policy = policy;
    }

    public GatePolicy policy() {
        return policy;
    }

    public GateOutcome evaluate(DeltaRead read) {
        return evaluate(read.protocol(), Facts.of(read));
    }

    public GateOutcome evaluate(DeltaProtocol protocol, Facts facts) {
        Decisions d = new Decisions();
        int reader = protocol.minReaderVersion();
        if (reader > MAX_READER_VERSION || reader < 1) {
            d.refuse("readerVersion=" + reader, "the table requires Delta reader version " + reader
                    + ", and only reader versions 1 to " + MAX_READER_VERSION + " are defined and supported");
        }
        for (String feature : protocol.effectiveReaderFeatures()) {
            decide(feature, facts, d);
        }
        for (String feature : protocol.effectiveWriterFeatures()) {
            if (!protocol.effectiveReaderFeatures().contains(feature)) {
                d.features.put(feature, "writer-only: does not change what a reader sees");
            }
        }
        if (facts.kernelRefusal() != null) {
            // Kernel's own words go along; if the gate itself had nothing against the protocol, Kernel still
            // cannot build the file list, so the table is refused all the same.
            String reason = "Delta Kernel cannot load the snapshot: " + facts.kernelRefusal();
            if (d.refused.isEmpty()) {
                d.refuse("deltaKernel", reason);
            } else {
                d.refusals.add(reason);
            }
        }
        GateOutcome.Status status = !d.refused.isEmpty() ? GateOutcome.Status.REFUSED
                : !d.downgrades.isEmpty() ? GateOutcome.Status.DOWNGRADED : GateOutcome.Status.COMPATIBLE;
        List<String> reasons = status == GateOutcome.Status.REFUSED ? d.refusals : d.downgrades;
        return new GateOutcome(status, policy, reasons, d.refused, d.features);
    }

    private void decide(String feature, Facts facts, Decisions d) {
        if (ALWAYS_COMPATIBLE.contains(feature)) {
            d.features.put(feature, "compatible: " + switch (feature) {
                case "timestampNtz" -> "timestamps without time zone read as such";
                case "v2Checkpoint" -> "Delta Kernel reads v2 checkpoints while it builds the file list";
                default -> "only restricts vacuum; reads are unchanged";
            });
        } else if (feature.equals("deletionVectors")) {
            deletionVectors(facts, d);
        } else if (feature.equals("columnMapping")) {
            columnMapping(facts, d);
        } else if (TYPE_WIDENING.contains(feature)) {
            if (facts.widenedColumns().isEmpty()) {
                d.features.put(feature, "compatible: no column has been widened");
            } else {
                approximate(feature, "columns " + facts.widenedColumns() + " were widened: older files hold the "
                        + "narrower type and rely on a cast to the table schema", d);
            }
        } else if (VARIANT.contains(feature)) {
            d.refuse(feature, feature + ": variant values cannot be decoded by a plain Parquet scan");
        } else if (CATALOG.contains(feature)) {
            d.refuse(feature, feature + ": the catalog, not the file system log, is the source of truth for "
                    + "this table's commits");
        } else {
            d.refuse(feature, feature + ": unknown reader feature; reading without it could return wrong results");
        }
    }

    private void deletionVectors(Facts facts, Decisions d) {
        if (facts.kernelRefusal() != null) {
            d.features.put("deletionVectors", "not evaluated: the snapshot was not loaded");
        } else if (facts.deletionVectorFiles() == 0) {
            d.downgrade("deletionVectors", "the table has the deletionVectors feature but no active file carries "
                    + "a deletion vector: the Parquet scan is exact");
        } else {
            approximate("deletionVectors", facts.deletionVectorFiles() + " of " + facts.activeFiles()
                    + " active files carry deletion vectors (" + facts.deletedRows() + " deleted rows): a plain "
                    + "Parquet scan returns the deleted rows", d);
        }
    }

    private void columnMapping(Facts facts, Decisions d) {
        switch (facts.columnMappingMode()) {
            case "none" -> d.features.put("columnMapping", "compatible: mode none, names are not mapped");
            case "name" -> d.features.put("columnMapping",
                    "compatible: mode name, physical column names mapped to logical names");
            case "id" -> approximate("columnMapping", "column mapping mode id: Parquet columns are resolved by "
                    + "physical name, not by field id (exact for files written by Delta writers)", d);
            case "unknown" -> d.features.put("columnMapping", "not evaluated: the snapshot was not loaded");
            default -> d.refuse("columnMapping", "unknown column mapping mode " + facts.columnMappingMode());
        }
    }

    /** Refused under STRICT, downgraded under DOWNGRADE. */
    private void approximate(String feature, String reason, Decisions d) {
        if (policy == GatePolicy.STRICT) {
            d.refuse(feature, reason);
        } else {
            d.downgrade(feature, reason);
        }
    }

    private static final class Decisions {
        final SortedMap<String, String> features = new TreeMap<>();
        final SortedSet<String> refused = new TreeSet<>();
        final List<String> refusals = new ArrayList<>();
        final List<String> downgrades = new ArrayList<>();

        void refuse(String feature, String reason) {
            features.put(feature, "refused: " + reason);
            refused.add(feature);
            refusals.add(reason);
        }

        void downgrade(String feature, String reason) {
            features.put(feature, "downgraded: " + reason);
            downgrades.add(reason);
        }
    }
}
