package dev.planprovenance.service.golden;

import dev.planprovenance.service.api.model.CaptureSummary;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.PlanIdentity;
import dev.planprovenance.service.api.model.PlanTreeDrift;
import dev.planprovenance.service.api.model.RuleDivergence;
import dev.planprovenance.service.api.model.TreeEdit;
import dev.planprovenance.service.drift.CaptureDocuments;
import dev.planprovenance.service.drift.DriftService;
import dev.planprovenance.service.store.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Golden audit bundles: for a few TPC-H queries, the audit component, the plan identity and plan-tree hashes and
 * every component document of one capture, kept as canonical JSON (sorted keys) under
 * {@code src/test/resources/golden/} (the UDF catalog, the same for every query, once in {@code udfs.json}). A new capture matches its bundle when the plan identity hash, the plan-tree
 * hash and the audit are equal; otherwise the failure is the drift report from the golden documents to the new ones
 * (cause, first diverging rule, tree edits), computed by the service's own {@link DriftService}, not a text diff.
 *
 * <p>Regenerate after a deliberate change: {@code -Dgolden.update=true} or {@code PROVENANCE_GOLDEN_UPDATE=1}.
 */
final class GoldenBundles {
    static final Path SOURCE = Path.of("src", "test", "resources", "golden");
    private static final int VERSION = 1;
    private static final String UDFS = "udfs";

    private final CanonicalJson json;
    private final DriftService drift;

    GoldenBundles(CanonicalJson json, DriftService drift) {
        this.json = json;
        this.drift = drift;
    }

    static boolean updating() {
        return "true".equals(System.getProperty("golden.update")) || "1".equals(System.getenv("PROVENANCE_GOLDEN_UPDATE"));
    }

    /** Writes {@code name}'s bundle into the source tree (the test resources), replacing the one there. */
    void write(String name, CaptureDocuments capture) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("bundle_version", VERSION);
        bundle.put("query", name);
        bundle.put("plan_identity_hash", hash(capture, "plan_identity_hash"));
        bundle.put("plan_tree_hash", hash(capture, "plan_tree_hash"));
        bundle.put("sql", capture.sqlText());
        bundle.put("identity", capture.summary().getIdentity());
        bundle.put("audit", capture.document("audit"));
        Map<String, JsonNode> documents = new TreeMap<>(capture.documents());
        // The UDF catalog (about 300 KB, the same for every query of one build) is kept once, in udfs.json.
        JsonNode udfs = documents.remove(UDFS);
        bundle.put("documents", documents);
        writeSorted(name + ".json", bundle);
        if (udfs != null) writeSorted(UDFS + ".json", udfs);
    }

    private void writeSorted(String file, Object value) {
        // Through Object so map keys (and every document's keys) are written sorted, one per line for review.
        Object sorted = json.mapper().convertValue(value, Object.class);
        try {
            Files.createDirectories(SOURCE);
            Files.writeString(SOURCE.resolve(file),
                    json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(sorted) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empty when {@code capture} matches the golden bundle {@code name}; otherwise the failure message. */
    Optional<String> check(String name, CaptureDocuments capture) {
        JsonNode golden = read(name);
        boolean same = golden.path("plan_identity_hash").asString().equals(hash(capture, "plan_identity_hash"))
                && golden.path("plan_tree_hash").asString().equals(hash(capture, "plan_tree_hash"))
                && golden.path("audit").equals(capture.document("audit"));
        if (same) return Optional.empty();
        DriftReport report = drift.between(documents(name, golden), capture, DriftService.DEFAULT_TOLERANCE);
        return Optional.of(message(name, golden, capture, report));
    }

    private JsonNode read(String name) {
        try (InputStream in = GoldenBundles.class.getResourceAsStream("/golden/" + name + ".json")) {
            if (in == null) {
                throw new AssertionError("No golden bundle " + name + ".json: generate it with -Dgolden.update=true");
            }
            return json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden bundle as the drift calculators read a stored capture. */
    private CaptureDocuments documents(String name, JsonNode golden) {
        CaptureSummary summary = new CaptureSummary();
        summary.setId(new UUID(0, 0));
        summary.setPlanName("golden-" + name);
        summary.setEnvironment("golden");
        summary.setArtifactSchemaVersion(golden.path("audit").path("artifact_schema_version").asInt());
        summary.setCreatedAt(OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        summary.setIdentity(json.mapper().treeToValue(golden.path("identity"), PlanIdentity.class));
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        golden.path("documents").properties().forEach(e -> documents.put(e.getKey(), e.getValue()));
        documents.put(UDFS, read(UDFS));
        return new CaptureDocuments(summary, golden.path("sql").asString(), documents, null);
    }

    private static String hash(CaptureDocuments capture, String name) {
        return capture.document("audit").path("hashes").path(name).asString();
    }

    /** The drift report as a build failure: what moved, why, where the optimizer diverged, which operators changed. */
    static String message(String name, JsonNode golden, CaptureDocuments capture, DriftReport report) {
        StringBuilder m = new StringBuilder();
        m.append("Golden bundle ").append(name).append(" moved (regenerate with -Dgolden.update=true if intended)\n");
        m.append("DRIFT REPORT\n");
        m.append("  plan_identity_hash: ").append(golden.path("plan_identity_hash").asString()).append(" -> ")
                .append(hash(capture, "plan_identity_hash")).append('\n');
        m.append("  plan_tree_hash: ").append(golden.path("plan_tree_hash").asString()).append(" -> ")
                .append(hash(capture, "plan_tree_hash")).append('\n');
        m.append("  cause: ").append(report.getCause().getSummary()).append('\n');
        m.append("  inputs changed: ").append(report.getCause().getInputsChanged()).append('\n');
        if (report.getFirstDivergingRule() != null) {
            m.append("  first diverging rule: logical ").append(rule(report.getFirstDivergingRule().getLogical()))
                    .append("; physical ").append(rule(report.getFirstDivergingRule().getPhysical())).append('\n');
        }
        if (report.getComponents() != null) {
            edits(m, "logical", report.getComponents().getLogicalPlan());
            edits(m, "physical", report.getComponents().getPhysicalPlan());
        }
        return m.toString();
    }

    private static String rule(RuleDivergence d) {
        if (d == null) return "none";
        return d.getKind() + (d.getRule() == null ? "" : " at " + d.getRule())
                + (d.getPosition() == null ? "" : " (position " + d.getPosition() + ")");
    }

    private static void edits(StringBuilder m, String stage, PlanTreeDrift tree) {
        if (tree == null || tree.getEdits() == null || tree.getEdits().isEmpty()) return;
        m.append("  ").append(stage).append(" tree edits (distance ").append(tree.getDistance()).append("):\n");
        for (TreeEdit edit : tree.getEdits()) m.append("    - ").append(edit.getDescription()).append('\n');
    }
}
