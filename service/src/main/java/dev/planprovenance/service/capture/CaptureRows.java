package dev.planprovenance.service.capture;

import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.CaptureSummary;
import dev.planprovenance.service.api.model.ComponentName;
import dev.planprovenance.service.api.model.PlanIdentity;
import dev.planprovenance.service.api.model.TableReference;
import dev.planprovenance.service.store.CanonicalJson;
import dev.planprovenance.service.store.Component;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;

/**
 * The SQL that reads captures with their identity, and the mapping of its rows to the API models; plans/ reads
 * history pages with it too. A capture's components are the members of its component set, read by one index scan
 * (lateral {@code s}: every name, and the content keys the identity needs); the identity hashes live with the
 * components they describe, one join each by primary key; external components' hashes come from external_component
 * by hash name (lateral {@code x}).
 */
public final class CaptureRows {
    private CaptureRows() {}

    public static final String SUMMARY_COLUMNS = """
            c.id, p.name AS plan_name, c.environment, c.created_at, c.artifact_schema_version, c.plan_identity_hash,
            pa.plan_fingerprint, pe.planning_env_hash, ru.rulepack_hash, sd.information_schema_hash,
            uc.udf_catalog_hash, ab.audit_hash, s.names AS component_names, x.hash_names AS external_hash_names,
            x.hashes AS external_hashes""";

    /** Every name that is not one of the engine's own components is an external component's. */
    public static final String JOINS = """
            JOIN plan p ON p.id = c.plan_id
            JOIN LATERAL (
                SELECT array_agg(m.component) AS names,
                       (array_agg(m.content_key) FILTER (WHERE m.component = 'plans'))[1] AS plans,
                       (array_agg(m.content_key) FILTER (WHERE m.component = 'planning-env'))[1] AS planning_env,
                       (array_agg(m.content_key) FILTER (WHERE m.component = 'rulepack'))[1] AS rulepack,
                       (array_agg(m.content_key) FILTER (WHERE m.component = 'schema'))[1] AS schema_key,
                       (array_agg(m.content_key) FILTER (WHERE m.component = 'udfs'))[1] AS udfs,
                       (array_agg(m.content_key) FILTER (WHERE m.component = 'audit'))[1] AS audit,
                       array_agg(m.content_key) FILTER (WHERE m.component NOT IN (%s)) AS external
                FROM component_set_member m
                WHERE m.set_key = c.component_set_key) s ON true
            JOIN plan_artifact pa ON pa.content_key = s.plans
            LEFT JOIN planning_env pe ON pe.content_key = s.planning_env
            LEFT JOIN rulepack ru ON ru.content_key = s.rulepack
            LEFT JOIN schema_diagnostics sd ON sd.content_key = s.schema_key
            LEFT JOIN udf_catalog uc ON uc.content_key = s.udfs
            LEFT JOIN audit_bundle ab ON ab.content_key = s.audit
            LEFT JOIN LATERAL (
                SELECT array_agg(e.hash_name) AS hash_names, array_agg(e.hash) AS hashes
                FROM external_component e
                WHERE e.content_key = ANY (s.external)) x ON true""".formatted(Arrays.stream(Component.values())
                    .map(c -> "'" + c.apiName() + "'").collect(Collectors.joining(", ")));

    static final String DETAIL_SELECT = detailSelect("capture");

    /** One capture's detail, read from {@code captures}: the capture table, or rows just inserted into it. */
    static String detailSelect(String captures) {
        return "SELECT " + SUMMARY_COLUMNS
                + ", c.labels::text AS labels, r.sql_text, r.tables::text AS tables,"
                + " r.config_overrides::text AS config, rp.name AS profile"
                + " FROM " + captures + " c"
                + " JOIN capture_request r ON r.content_key = c.request_key"
                + " LEFT JOIN runtime_profile rp ON rp.content_key = c.runtime_profile_key\n" + JOINS;
    }

    public static CaptureSummary summary(ResultSet rs) throws SQLException {
        return new CaptureSummary(rs.getObject("id", UUID.class), rs.getString("plan_name"),
                rs.getString("environment"), rs.getInt("artifact_schema_version"),
                rs.getObject("created_at", OffsetDateTime.class), identity(rs));
    }

    static Capture detail(ResultSet rs, CanonicalJson json) throws SQLException {
        // In the order ComponentName lists them, as the API always answered.
        List<String> components = Arrays.stream(strings(rs.getArray("component_names")))
                .map(ComponentName::fromValue)
                .sorted(Comparator.naturalOrder())
                .map(ComponentName::getValue)
                .toList();
        return new Capture(rs.getObject("id", UUID.class), rs.getString("plan_name"), rs.getString("environment"),
                rs.getInt("artifact_schema_version"), rs.getObject("created_at", OffsetDateTime.class),
                identity(rs), rs.getString("profile"), rs.getString("sql_text"),
                json.mapper().readValue(rs.getString("tables"), new TypeReference<List<TableReference>>() {}),
                stringMap(json, rs.getString("config")), stringMap(json, rs.getString("labels")),
                new ArrayList<>(components));
    }

    private static PlanIdentity identity(ResultSet rs) throws SQLException {
        PlanIdentity identity = new PlanIdentity(rs.getString("plan_identity_hash"), rs.getString("plan_fingerprint"),
                rs.getString("planning_env_hash"), rs.getString("rulepack_hash"),
                rs.getString("information_schema_hash"), rs.getString("udf_catalog_hash"), rs.getString("audit_hash"));
        identity.setDeltaSnapshotHash(externalHashes(rs).get("delta_snapshot_hash"));
        return identity;
    }

    /** Hash name to hash, for every external component of the capture. */
    private static Map<String, String> externalHashes(ResultSet rs) throws SQLException {
        String[] names = strings(rs.getArray("external_hash_names"));
        String[] hashes = strings(rs.getArray("external_hashes"));
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < names.length; i++) byName.put(names[i], hashes[i]);
        return byName;
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    private static Map<String, String> stringMap(CanonicalJson json, String text) {
        return json.mapper().readValue(text, new TypeReference<Map<String, String>>() {});
    }
}
