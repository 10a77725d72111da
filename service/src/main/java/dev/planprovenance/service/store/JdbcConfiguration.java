package dev.planprovenance.service.store;

import java.sql.SQLException;
import java.util.List;
import org.postgresql.util.PGobject;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

/**
 * Spring Data JDBC knows neither JSONB nor our content keys: JSONB goes through PGobject, keys through bytea.
 * Declaring this configuration replaces Boot's default one, which has no place for these converters.
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcRepositories
public class JdbcConfiguration extends AbstractJdbcConfiguration {

    @Override
    protected List<?> userConverters() {
        return List.of(new JsonToPg(), new PgToJson(), new KeyToBytes(), new BytesToKey());
    }

    @WritingConverter
    static final class JsonToPg implements Converter<JsonDocument, PGobject> {
        @Override
        public PGobject convert(JsonDocument source) {
            PGobject json = new PGobject();
            json.setType("jsonb");
            try {
                json.setValue(source.json());
            } catch (SQLException e) {
                throw new IllegalArgumentException(e);
            }
            return json;
        }
    }

    @ReadingConverter
    static final class PgToJson implements Converter<PGobject, JsonDocument> {
        @Override
        public JsonDocument convert(PGobject source) {
            return new JsonDocument(source.getValue());
        }
    }

    @WritingConverter
    static final class KeyToBytes implements Converter<ContentKey, byte[]> {
        @Override
        public byte[] convert(ContentKey source) {
            return source.bytes();
        }
    }

    @ReadingConverter
    static final class BytesToKey implements Converter<byte[], ContentKey> {
        @Override
        public ContentKey convert(byte[] source) {
            return new ContentKey(source);
        }
    }
}
