package dev.planprovenance.service.plans;

import dev.planprovenance.engine.CaptureResult;
import dev.planprovenance.service.api.model.Artifact;
import dev.planprovenance.service.api.model.ExplainRow;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.store.CanonicalJson;
import dev.planprovenance.service.store.Component;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads one component of a capture back: the document as stored, the hashes stored with it, and for {@code plans}
 * the serialized plans (plan_artifact's columns are named like the engine's plan byte names), for {@code explain}
 * the EXPLAIN rows.
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
        Component component = Component.byApiName(name)
                .orElseThrow(() -> ProblemException.notFound("No component named '" + name + "'."));
        String bytesColumns = component == Component.PLANS
                ? ", " + String.join(", ", CaptureResult.PLAN_BYTES.stream().map(b -> "t." + b).toList())
                : "";
        String sql = "SELECT c.id, t.content_key, t." + component.payloadColumn() + "::text AS payload, "
                + String.join(", ", component.hashes().stream().map(h -> "t." + h).toList()) + bytesColumns
                + " FROM capture c LEFT JOIN " + component.table() + " t ON t.content_key = c."
                + component.captureColumn() + " WHERE c.id = :id";
        Artifact artifact = jdbc.sql(sql).param("id", captureId).query((rs, n) -> {
            if (rs.getBytes("content_key") == null) return null;
            Map<String, String> hashes = new LinkedHashMap<>();
            for (String hash : component.hashes()) {
                if (rs.getString(hash) != null) hashes.put(hash, rs.getString(hash));
            }
            Artifact a = new Artifact(captureId, component.apiName(), hashes, json.tree(rs.getString("payload")));
            if (component == Component.PLANS) {
                Map<String, byte[]> bytes = new LinkedHashMap<>();
                for (String b : CaptureResult.PLAN_BYTES) {
                    byte[] value = rs.getBytes(b);
                    if (value != null) bytes.put(b, value);
                }
                a.setBytes(bytes);
            }
            return a;
        }).optional().orElseThrow(() -> ProblemException.notFound("No capture " + captureId + "."));
        if (artifact == null) {
            throw ProblemException.notFound("Capture " + captureId + " has no " + component.apiName() + " component.");
        }
        if (component == Component.EXPLAIN) artifact.setExplainRows(explainRows(captureId));
        return artifact;
    }

    private Map<String, List<ExplainRow>> explainRows(UUID captureId) {
        Map<String, List<ExplainRow>> rows = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT r.format, r.plan_type, r.plan
                        FROM capture c JOIN explain_row r ON r.explain_key = c.explain_key
                        WHERE c.id = :id
                        ORDER BY r.format, r.ordinal""")
                .param("id", captureId)
                .query(rs -> {
                    rows.computeIfAbsent(rs.getString("format"), f -> new ArrayList<>())
                            .add(new ExplainRow(rs.getString("plan_type"), rs.getString("plan")));
                });
        return rows;
    }
}
