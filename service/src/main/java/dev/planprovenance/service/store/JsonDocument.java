package dev.planprovenance.service.store;

/** JSON text stored in a JSONB column (Spring Data JDBC maps it through the PGobject converters). */
public record JsonDocument(String json) {
    public static final JsonDocument EMPTY_OBJECT = new JsonDocument("{}");
}
