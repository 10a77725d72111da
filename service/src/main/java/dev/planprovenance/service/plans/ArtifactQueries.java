package dev.planprovenance.service.plans;

import dev.planprovenance.engine.CaptureResult;
import dev.planprovenance.service.api.model.Artifact;
import dev.planprovenance.service.api.model.ComponentName;
import dev.planprovenance.service.api.model.ExplainRow;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.store.CanonicalJson;
import dev.planprovenance.service.store.Component;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads one component of a capture back through its component set: the document as stored, the hashes stored with
 * it, and for {@code plans} the serialized plans (plan_artifact's columns are named like the engine's plan byte
 * names), for {@code explain} the EXPLAIN rows. The engine's components come from their own tables, every external
 * one from external_component.
 */
@Repository
public class ArtifactQueries {
    private final JdbcClient jdbc;
    private final CanonicalJson json;

    public ArtifactQueries(JdbcClient jdbc, CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Artifact artifact(UUID captureId, String name) {
        ComponentName api = Component.named(name)
                .orElseThrow(() -> ProblemException.notFound("No component named '" + name + "'."));
        Component component = Component.of(api).orElse(null);
        String columns = component == null ? "t.payload::text AS payload, t.hash_name, t.hash" : columns(component);
        String sql = "SELECT t.content_key, " + columns + " FROM capture c"
                + " LEFT JOIN component_set_member m ON m.set_key = c.component_set_key AND m.component = :component"
                + " LEFT JOIN " + (component == null ? "external_component" : component.table())
                + " t ON t.content_key = m.content_key WHERE c.id = :id";
        Stored stored = jdbc.sql(sql).param("id", captureId).param("component", name)
                .query((rs, n) -> rs.getBytes("content_key") == null ? new Stored(null, null)
                        : new Stored(artifact(captureId, api, component, rs), rs.getBytes("content_key")))
                .optional().orElseThrow(() -> ProblemException.notFound("No capture " + captureId + "."));
        if (stored.artifact() == null) {
            throw ProblemException.notFound("Capture " + captureId + " has no " + name + " component.");
        }
        if (component == Component.EXPLAIN) stored.artifact().setExplainRows(explainRows(stored.key()));
        return stored.artifact();
    }

    /** The component as read, and its content key; both null when the capture does not have it. */
    private record Stored(Artifact artifact, byte[] key) {}

    private static String columns(Component component) {
        List<String> columns = new ArrayList<>(List.of("t." + component.payloadColumn() + "::text AS payload"));
        component.hashes().forEach(h -> columns.add("t." + h));
        if (component == Component.PLANS) CaptureResult.PLAN_BYTES.forEach(b -> columns.add("t." + b));
        return String.join(", ", columns);
    }

    private Artifact artifact(UUID captureId, ComponentName api, Component component, ResultSet rs)
            throws SQLException {
        Map<String, String> hashes = new LinkedHashMap<>();
        if (component == null) {
            hashes.put(rs.getString("hash_name"), rs.getString("hash"));
        } else {
            for (String hash : component.hashes()) {
                if (rs.getString(hash) != null) hashes.put(hash, rs.getString(hash));
            }
        }
        Artifact artifact = new Artifact(captureId, api.getValue(), hashes, json.tree(rs.getString("payload")));
        if (component == Component.PLANS) {
            Map<String, byte[]> bytes = new LinkedHashMap<>();
            for (String b : CaptureResult.PLAN_BYTES) {
                byte[] value = rs.getBytes(b);
                if (value != null) bytes.put(b, value);
            }
            artifact.setBytes(bytes);
        }
        return artifact;
    }

    private Map<String, List<ExplainRow>> explainRows(byte[] explainKey) {
        Map<String, List<ExplainRow>> rows = new LinkedHashMap<>();
        jdbc.sql("SELECT format, plan_type, plan FROM explain_row WHERE explain_key = :key ORDER BY format, ordinal")
                .param("key", explainKey)
                .query(rs -> {
                    rows.computeIfAbsent(rs.getString("format"), f -> new ArrayList<>())
                            .add(new ExplainRow(rs.getString("plan_type"), rs.getString("plan")));
                });
        return rows;
    }
}
