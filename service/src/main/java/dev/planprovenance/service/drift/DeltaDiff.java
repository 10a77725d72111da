package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DeltaDrift;
import dev.planprovenance.service.api.model.DeltaTableDrift;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.PropertyChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Delta tables between two delta documents ({@code tables} by table name: {protocol, gate{outcome}, snapshot{version, file_set{
 * hash, files}}}): the version each capture read, the change in the number of active files, protocol changes and
 * the gate's outcome. The snapshot stores the file set's hash and count, not its paths, so files added and removed
 * are the net change of the count (a rewrite that keeps the count shows as neither; the version says it moved).
 * A plan without Delta tables in both captures is unchanged.
 */
final class DeltaDiff {
    private static final List<String> PROTOCOL = List.of("min_reader_version", "min_writer_version",
            "reader_features", "writer_features");

    private DeltaDiff() {}

    static DeltaDrift diff(JsonNode from, JsonNode to) {
        Map<String, JsonNode> a = Json.fields(from.path("tables"));
        Map<String, JsonNode> b = Json.fields(to.path("tables"));
        List<DeltaTableDrift> tables = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) {
            JsonNode ta = a.getOrDefault(name, MissingNode.getInstance());
            JsonNode tb = b.getOrDefault(name, MissingNode.getInstance());
            if (ta.equals(tb)) continue;
            DeltaTableDrift table = new DeltaTableDrift(name);
            JsonNode va = ta.path("snapshot").path("version");
            JsonNode vb = tb.path("snapshot").path("version");
            if (va.isNumber()) table.setFromVersion(va.asLong());
            if (vb.isNumber()) table.setToVersion(vb.asLong());
            int files = tb.path("snapshot").path("file_set").path("files").asInt(0)
                    - ta.path("snapshot").path("file_set").path("files").asInt(0);
            table.setFilesAdded(Math.max(files, 0));
            table.setFilesRemoved(Math.max(-files, 0));
            List<PropertyChange> protocol = new ArrayList<>();
            for (String field : PROTOCOL) {
                JsonNode pa = ta.path("protocol").path(field);
                JsonNode pb = tb.path("protocol").path(field);
                if (!pa.equals(pb)) protocol.add(change(field, pa, pb));
            }
            table.setProtocol(protocol);
            JsonNode ga = ta.path("gate").path("outcome");
            JsonNode gb = tb.path("gate").path("outcome");
            if (!Objects.equals(ga, gb)) table.setGate(change("outcome", ga, gb));
            tables.add(table);
        }
        return new DeltaDrift(tables.isEmpty() ? DriftStatus.UNCHANGED : DriftStatus.CHANGED, tables);
    }

    private static PropertyChange change(String property, JsonNode from, JsonNode to) {
        PropertyChange change = new PropertyChange(property);
        if (Json.present(from)) change.setFrom(from);
        if (Json.present(to)) change.setTo(to);
        return change;
    }
}
