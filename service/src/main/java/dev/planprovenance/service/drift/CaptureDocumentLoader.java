package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.CaptureSummary;
import dev.planprovenance.service.capture.CaptureRows;
import dev.planprovenance.service.store.CanonicalJson;
import dev.planprovenance.service.store.Component;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/**
 * Loads any number of captures with all their component documents in two round trips: the capture rows (summary
 * and request SQL, read with {@link CaptureRows} like every other capture read), then every document of every
 * capture in one UNION over the component tables, each joined through component_set_member. Which table and column
 * hold a component comes from {@link Component} (as for {@code ArtifactQueries}); every other member is external.
 */
@Repository
public class CaptureDocumentLoader {
    private final JdbcClient jdbc;
    private final CanonicalJson json;
    private final String documentsSql;

    public CaptureDocumentLoader(JdbcClient jdbc, CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
        this.documentsSql = documentsSql();
    }

    /** The captures found, by id (ids that name no capture are absent). */
    public Map<UUID, CaptureDocuments> load(Collection<UUID> ids) {
        if (ids.isEmpty()) return Map.of();
        List<UUID> distinct = ids.stream().distinct().toList();
        Map<UUID, CaptureSummary> summaries = new LinkedHashMap<>();
        Map<UUID, String> sql = new HashMap<>();
        jdbc.sql("SELECT " + CaptureRows.SUMMARY_COLUMNS + ", r.sql_text FROM capture c"
                        + " JOIN capture_request r ON r.content_key = c.request_key\n" + CaptureRows.JOINS
                        + " WHERE c.id IN (:ids)")
                .param("ids", distinct)
                .query(rs -> {
                    CaptureSummary summary = CaptureRows.summary(rs);
                    summaries.put(summary.getId(), summary);
                    sql.put(summary.getId(), rs.getString("sql_text"));
                });
        Map<UUID, Map<String, JsonNode>> documents = new HashMap<>();
        Map<UUID, byte[]> explainKeys = new HashMap<>();
        if (!summaries.isEmpty()) {
            // Rows without an id are the distinct documents, the others say which capture holds which: a document
            // many captures share (a UDF catalog, an unchanged rulepack) crosses the wire and is parsed once.
            Map<String, JsonNode> byKey = new HashMap<>();
            List<Member> members = new ArrayList<>();
            jdbc.sql(documentsSql).param("ids", new ArrayList<>(summaries.keySet())).query(rs -> {
                String component = rs.getString("component");
                byte[] key = rs.getBytes("content_key");
                UUID id = rs.getObject("id", UUID.class);
                if (id == null) {
                    byKey.put(component + ":" + HexFormat.of().formatHex(key), json.tree(rs.getString("payload")));
                } else {
                    members.add(new Member(id, component, key));
                }
            });
            for (Member m : members) {
                JsonNode document = byKey.get(m.component() + ":" + HexFormat.of().formatHex(m.key()));
                if (document == null) continue;
                documents.computeIfAbsent(m.id(), k -> new HashMap<>()).put(m.component(), document);
                if (Component.EXPLAIN.apiName().equals(m.component())) explainKeys.put(m.id(), m.key());
            }
        }
        Map<UUID, CaptureDocuments> loaded = new LinkedHashMap<>();
        summaries.forEach((id, summary) -> loaded.put(id, new CaptureDocuments(summary, sql.get(id),
                Map.copyOf(documents.getOrDefault(id, Map.of())), explainKeys.get(id))));
        return loaded;
    }

    private record Member(UUID id, String component, byte[] key) {}

    /**
     * The members of the captures' sets (one use of the id list), returned as rows with an id and no payload, then
     * each distinct document once (no id), one join per component table.
     */
    private static String documentsSql() {
        List<String> parts = new ArrayList<>();
        parts.add("SELECT id, component, content_key, NULL AS payload FROM members");
        for (Component component : Component.values()) {
            parts.add("SELECT NULL::uuid, k.component, k.content_key, t." + component.payloadColumn() + "::text"
                    + " FROM keys k JOIN " + component.table() + " t ON t.content_key = k.content_key"
                    + " WHERE k.component = '" + component.apiName() + "'");
        }
        String engine = java.util.Arrays.stream(Component.values()).map(c -> "'" + c.apiName() + "'")
                .collect(Collectors.joining(", "));
        parts.add("SELECT NULL::uuid, k.component, k.content_key, t.payload::text"
                + " FROM keys k JOIN external_component t ON t.content_key = k.content_key"
                + " WHERE k.component NOT IN (" + engine + ")");
        return "WITH members AS MATERIALIZED (SELECT c.id, m.component, m.content_key FROM capture c"
                + " JOIN component_set_member m ON m.set_key = c.component_set_key WHERE c.id IN (:ids)),\n"
                + "keys AS MATERIALIZED (SELECT DISTINCT component, content_key FROM members)\n"
                + String.join("\nUNION ALL\n", parts);
    }
}
