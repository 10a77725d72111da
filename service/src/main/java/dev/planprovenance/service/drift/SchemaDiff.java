package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.ColumnChange;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.SchemaDrift;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Tables and columns between two schema documents ({@code tables}: [{table, describe: [{column_name, data_type,
 * is_nullable}], ddl, provider, schema_source, detail}]): tables added or removed, columns added, removed, retyped
 * or with another nullability, and tables whose DDL or provider description changed.
 */
final class SchemaDiff {
    private SchemaDiff() {}

    static SchemaDrift diff(JsonNode from, JsonNode to) {
        if (!Json.present(from) || !Json.present(to)) {
            return new SchemaDrift(DriftStatus.UNAVAILABLE, List.of(), List.of(), List.of(), List.of());
        }
        if (from == to) return new SchemaDrift(DriftStatus.UNCHANGED, List.of(), List.of(), List.of(), List.of());
        Map<String, JsonNode> a = byName(from.path("tables"), "table");
        Map<String, JsonNode> b = byName(to.path("tables"), "table");
        List<String> added = b.keySet().stream().filter(t -> !a.containsKey(t)).sorted().toList();
        List<String> removed = a.keySet().stream().filter(t -> !b.containsKey(t)).sorted().toList();
        List<ColumnChange> columns = new ArrayList<>();
        List<String> ddl = new ArrayList<>();
        for (String table : a.keySet().stream().filter(b::containsKey).sorted().toList()) {
            JsonNode ta = a.get(table);
            JsonNode tb = b.get(table);
            columns(table, byName(ta.path("describe"), "column_name"), byName(tb.path("describe"), "column_name"),
                    columns);
            for (String field : List.of("ddl", "provider", "schema_source", "detail")) {
                if (!Objects.equals(ta.path(field), tb.path(field))) {
                    ddl.add(table);
                    break;
                }
            }
        }
        boolean changed = !added.isEmpty() || !removed.isEmpty() || !columns.isEmpty() || !ddl.isEmpty();
        return new SchemaDrift(changed ? DriftStatus.CHANGED : DriftStatus.UNCHANGED, added, removed, columns, ddl);
    }

    private static void columns(String table, Map<String, JsonNode> a, Map<String, JsonNode> b,
            List<ColumnChange> out) {
        Set<String> names = new LinkedHashSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String column : names) {
            JsonNode ca = a.get(column);
            JsonNode cb = b.get(column);
            if (ca == null) {
                out.add(new ColumnChange(table, column, ColumnChange.ChangeEnum.ADDED)
                        .to(Json.text(cb.path("data_type"))));
            } else if (cb == null) {
                out.add(new ColumnChange(table, column, ColumnChange.ChangeEnum.REMOVED)
                        .from(Json.text(ca.path("data_type"))));
            } else {
                String typeA = Json.text(ca.path("data_type"));
                String typeB = Json.text(cb.path("data_type"));
                if (!Objects.equals(typeA, typeB)) {
                    out.add(new ColumnChange(table, column, ColumnChange.ChangeEnum.RETYPED).from(typeA).to(typeB));
                }
                String nullA = Json.text(ca.path("is_nullable"));
                String nullB = Json.text(cb.path("is_nullable"));
                if (!Objects.equals(nullA, nullB)) {
                    out.add(new ColumnChange(table, column, ColumnChange.ChangeEnum.NULLABILITY).from(nullA).to(nullB));
                }
            }
        }
    }

    private static Map<String, JsonNode> byName(JsonNode array, String field) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode node : Json.elements(array)) out.put(node.path(field).asString(), node);
        return out;
    }
}
