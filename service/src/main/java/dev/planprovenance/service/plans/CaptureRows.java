package dev.planprovenance.service.plans;

import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.CaptureSummary;
import dev.planprovenance.service.api.model.PlanIdentity;
import dev.planprovenance.service.api.model.TableReference;
import dev.planprovenance.service.store.CanonicalJson;
import dev.planprovenance.service.store.Component;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;

/**
 * The SQL that reads a capture with its identity, and the mapping of its rows to the API models. Identity hashes
 * live with the components they describe, so reading them is one join per component, all by primary key.
 */
final class CaptureRows {
    private CaptureRows() {}

    static final String SUMMARY_COLUMNS = """
            c.id, p.name AS plan_name, c.environment, c.created_at, c.artifact_schema_version, c.plan_identity_hash,
            pa.plan_fingerprint, pe.planning_env_hash, ru.rulepack_hash, sd.information_schema_hash,
            uc.udf_catalog_hash, ab.audit_hash, ds.delta_snapshot_hash""";

    static final String JOINS = """
            JOIN plan p ON p.id = c.plan_id
            JOIN plan_artifact pa ON pa.content_key = c.plan_artifact_key
            LEFT JOIN planning_env pe ON pe.content_key = c.planning_env_key
            LEFT JOIN rulepack ru ON ru.content_key = c.rulepack_key
            LEFT JOIN schema_diagnostics sd ON sd.content_key = c.schema_key
            LEFT JOIN udf_catalog uc ON uc.content_key = c.udf_catalog_key
            LEFT JOIN audit_bundle ab ON ab.content_key = c.audit_key
            LEFT JOIN delta_snapshot ds ON ds.content_key = c.delta_snapshot_key""";

    /** One boolean per component: does this capture have it. */
    static final String PRESENCE_COLUMNS = Arrays.stream(Component.values())
            .map(c -> "(c." + c.captureColumn() + " IS NOT NULL) AS has_" + c.table())
            .collect(Collectors.joining(", "));

    static final String DETAIL_SELECT = detailSelect("capture");

    /** One capture's detail, read from {@code captures}: the capture table, or rows just inserted into it. */
    static String detailSelect(String captures) {
        return "SELECT " + SUMMARY_COLUMNS + ", " + PRESENCE_COLUMNS
                + ", c.labels::text AS labels, r.sql_text, r.tables::text AS tables,"
                + " r.config_overrides::text AS config, rp.name AS profile"
                + " FROM " + captures + " c"
                + " JOIN capture_request r ON r.content_key = c.request_key"
                + " LEFT JOIN runtime_profile rp ON rp.content_key = c.runtime_profile_key\n" + JOINS;
    }

    static CaptureSummary summary(ResultSet rs) throws SQLException {
        return new CaptureSummary(rs.getObject("id", UUID.class), rs.getString("plan_name"),
                rs.getString("environment"), rs.getInt("artifact_schema_version"),
                rs.getObject("created_at", OffsetDateTime.class), identity(rs));
    }

    static Capture detail(ResultSet rs, CanonicalJson json) throws SQLException {
        List<String> components = new ArrayList<>();
        for (Component component : Component.values()) {
            if (rs.getBoolean("has_" + component.table())) components.add(component.apiName());
        }
        return new Capture(rs.getObject("id", UUID.class), rs.getString("plan_name"), rs.getString("environment"),
                rs.getInt("artifact_schema_version"), rs.getObject("created_at", OffsetDateTime.class),
                identity(rs), rs.getString("profile"), rs.getString("sql_text"),
                json.mapper().readValue(rs.getString("tables"), new TypeReference<List<TableReference>>() {}),
                stringMap(json, rs.getString("config")), stringMap(json, rs.getString("labels")), components);
    }

    private static PlanIdentity identity(ResultSet rs) throws SQLException {
        PlanIdentity identity = new PlanIdentity(rs.getString("plan_identity_hash"), rs.getString("plan_fingerprint"),
                rs.getString("planning_env_hash"), rs.getString("rulepack_hash"),
                rs.getString("information_schema_hash"), rs.getString("udf_catalog_hash"), rs.getString("audit_hash"));
        identity.setDeltaSnapshotHash(rs.getString("delta_snapshot_hash"));
        return identity;
    }

    private static Map<String, String> stringMap(CanonicalJson json, String text) {
        return json.mapper().readValue(text, new TypeReference<Map<String, String>>() {});
    }
}
