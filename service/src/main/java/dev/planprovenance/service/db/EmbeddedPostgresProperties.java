package dev.planprovenance.service.db;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL the service runs itself when no {@code spring.datasource.url} is given.
 *
 * @param dataDir cluster folder; kept across restarts, so captures survive them
 * @param port fixed port, or 0 for any free one
 */
@ConfigurationProperties("provenance.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("./.data/postgres") Path dataDir,
        @DefaultValue("0") int port) {}
