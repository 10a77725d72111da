package dev.planprovenance.service.audit;

import tools.jackson.core.type.TypeReference;
import dev.planprovenance.service.api.model.AuditCapture;
import dev.planprovenance.service.api.model.RepeatAudit;
import dev.planprovenance.service.api.model.StabilityLabel;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.store.CanonicalJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Repeat audits and their captures (V12: repeat_audit, repeat_audit_capture), read back as stored. */
@Repository
class AuditStore {
    private static final TypeReference<List<StabilityLabel>> LABELS = new TypeReference<>() {};
    private static final String AUDITS = """
            SELECT a.id, p.name AS plan_name, a.environment, a.profile, a.created_at, a.n, a.runtimes_used, a.rotated,
                   a.components::text AS components, a.hashes::text AS hashes
            FROM repeat_audit a JOIN plan p ON p.id = a.plan_id""";

    private final JdbcClient jdbc;
    private final CanonicalJson json;

    AuditStore(JdbcClient jdbc, CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Each capture's component content keys (hex), as its component set stores them. */
    Map<UUID, Map<String, String>> contentKeys(List<UUID> captures) {
        Map<UUID, Map<String, String>> out = new HashMap<>();
        jdbc.sql("""
                SELECT c.id, m.component, m.content_key
                FROM capture c JOIN component_set_member m ON m.set_key = c.component_set_key
                WHERE c.id = ANY(:ids)""")
                .param("ids", captures.toArray(UUID[]::new))
                .query(rs -> {
                    out.computeIfAbsent(rs.getObject("id", UUID.class), k -> new LinkedHashMap<>())
                            .put(rs.getString("component"), HexFormat.of().formatHex(rs.getBytes("content_key")));
                });
        return out;
    }

    void insert(RepeatAudit audit, UUID anyCapture, Map<String, Object> request) {
        jdbc.sql("""
                INSERT INTO repeat_audit (id, plan_id, environment, profile, created_at, n, runtimes_used, rotated,
                                          request, components, hashes)
                SELECT :id, c.plan_id, :environment, :profile, :created, :n, :runtimes, :rotated,
                       CAST(:request AS jsonb), CAST(:components AS jsonb), CAST(:hashes AS jsonb)
                FROM capture c WHERE c.id = :capture""")
                .param("id", audit.getId())
                .param("environment", audit.getEnvironment())
                .param("profile", audit.getProfile())
                .param("created", audit.getCreatedAt())
                .param("n", audit.getN())
                .param("runtimes", audit.getRuntimesUsed())
                .param("rotated", audit.getRotated())
                .param("request", json.write(request))
                .param("components", json.write(audit.getComponents()))
                .param("hashes", json.write(audit.getHashes()))
                .param("capture", anyCapture)
                .update();
        for (AuditCapture capture : audit.getCaptures()) {
            jdbc.sql("""
                    INSERT INTO repeat_audit_capture (audit_id, ordinal, capture_id, runtime_id)
                    VALUES (:audit, :ordinal, :capture, :runtime)""")
                    .param("audit", audit.getId())
                    .param("ordinal", capture.getOrdinal())
                    .param("capture", capture.getCaptureId())
                    .param("runtime", capture.getRuntimeId())
                    .update();
        }
    }

    RepeatAudit audit(UUID id) {
        List<RepeatAudit> audits = read(" WHERE a.id = :id", "id", id);
        if (audits.isEmpty()) throw ProblemException.notFound("No repeat audit " + id + ".");
        return audits.get(0);
    }

    /** A plan's audits, newest first; a plan that was never captured is not-found. */
    List<RepeatAudit> audits(String planName) {
        boolean known = jdbc.sql("SELECT EXISTS (SELECT 1 FROM plan WHERE name = :name)").param("name", planName)
                .query(Boolean.class).single();
        if (!known) throw ProblemException.notFound("No plan named '" + planName + "'.");
        return read(" WHERE p.name = :name", "name", planName);
    }

    private List<RepeatAudit> read(String where, String param, Object value) {
        Map<UUID, RepeatAudit> audits = new LinkedHashMap<>();
        jdbc.sql(AUDITS + where + " ORDER BY a.created_at DESC, a.id").param(param, value)
                .query((rs, n) -> audit(rs)).list()
                .forEach(a -> audits.put(a.getId(), a));
        if (audits.isEmpty()) return List.of();
        jdbc.sql("""
                SELECT ac.audit_id, ac.ordinal, ac.capture_id, ac.runtime_id
                FROM repeat_audit_capture ac WHERE ac.audit_id = ANY(:ids) ORDER BY ac.audit_id, ac.ordinal""")
                .param("ids", audits.keySet().toArray(UUID[]::new))
                .query(rs -> {
                    AuditCapture capture = new AuditCapture();
                    capture.setOrdinal(rs.getInt("ordinal"));
                    capture.setCaptureId(rs.getObject("capture_id", UUID.class));
                    capture.setRuntimeId(rs.getLong("runtime_id"));
                    audits.get(rs.getObject("audit_id", UUID.class)).addCapturesItem(capture);
                });
        return new ArrayList<>(audits.values());
    }

    private RepeatAudit audit(ResultSet rs) throws SQLException {
        RepeatAudit audit = new RepeatAudit();
        audit.setId(rs.getObject("id", UUID.class));
        audit.setPlanName(rs.getString("plan_name"));
        audit.setEnvironment(rs.getString("environment"));
        audit.setProfile(rs.getString("profile"));
        audit.setCreatedAt(rs.getObject("created_at", OffsetDateTime.class));
        audit.setN(rs.getInt("n"));
        audit.setRuntimesUsed(rs.getInt("runtimes_used"));
        audit.setRotated(rs.getBoolean("rotated"));
        List<StabilityLabel> components = json.mapper().readValue(rs.getString("components"), LABELS);
        List<StabilityLabel> hashes = json.mapper().readValue(rs.getString("hashes"), LABELS);
        audit.setComponents(components);
        audit.setHashes(hashes);
        audit.setStable(StabilityLabels.allStable(components) && StabilityLabels.allStable(hashes));
        audit.setCaptures(new ArrayList<>());
        return audit;
    }
}
