package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.CaptureSummary;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One stored capture as the drift calculators read it: its summary (with the identity hashes), the SQL text of its
 * request, every component document by component name (e.g. {@code planning-env}, {@code delta}), and the content
 * key of its explain (the key of its {@code explain_row}s), null when it has none.
 */
public record CaptureDocuments(CaptureSummary summary, String sqlText, Map<String, JsonNode> documents,
        byte[] explainKey) {

    public UUID id() {
        return summary.getId();
    }

    public String planName() {
        return summary.getPlanName();
    }

    /** The component's document, or a missing node when the capture does not have the component. */
    public JsonNode document(String component) {
        JsonNode node = documents.get(component);
        return node == null ? tools.jackson.databind.node.MissingNode.getInstance() : node;
    }

    public boolean has(String component) {
        return documents.containsKey(component);
    }
}
