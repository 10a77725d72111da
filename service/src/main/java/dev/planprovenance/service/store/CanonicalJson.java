package dev.planprovenance.service.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON encoding for everything the service hashes or stores: sorted keys, no null values, no whitespace. Two
 * equal requests therefore always produce the same text and the same content key.
 */
@Component
public class CanonicalJson {
    private final JsonMapper mapper = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    public JsonNode tree(String json) {
        return mapper.readTree(json);
    }

    public JsonMapper mapper() {
        return mapper;
    }
}
