package dev.planprovenance.service.support;

import dev.planprovenance.service.db.EmbeddedPostgresLauncher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server tests run against, chosen once per JVM: the server named by PROVENANCE_TEST_JDBC_URL if set
 * (used as is), else a Testcontainers PostgreSQL 17 when Docker answers, else the embedded server the service itself
 * would run. The last two hand out a fresh database per request, so tests never see each other's leftovers.
 */
public final class TestDatabase {
    private static Server server;

    private TestDatabase() {}

    /** Connection settings of one database. */
    public record Connection(String url, String user, String password) {}

    private record Server(String adminUrl, String user, String password, boolean isolated) {}

    /** A database for one test class (or one Spring context). */
    public static synchronized Connection fresh() {
        Server s = server();
        if (!s.isolated()) return new Connection(s.adminUrl(), s.user(), s.password());
        String name = "provenance_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (java.sql.Connection admin = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new Connection(s.adminUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"), s.user(), s.password());
    }

    public static java.sql.Connection open(Connection c) throws java.sql.SQLException {
        return DriverManager.getConnection(c.url(), c.user(), c.password());
    }

    private static Server server() {
        if (server == null) server = start();
        return server;
    }

    private static Server start() {
        String explicit = System.getenv("PROVENANCE_TEST_JDBC_URL");
        if (explicit != null && !explicit.isBlank()) {
            return new Server(explicit, System.getenv("PROVENANCE_TEST_JDBC_USER"),
                    System.getenv("PROVENANCE_TEST_JDBC_PASSWORD"), false);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword(), true);
        }
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "test-postgres-");
            EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(dir, 0);
            return new Server(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, true);
        } catch (Exception e) {
            throw new IllegalStateException("no PostgreSQL for tests: set PROVENANCE_TEST_JDBC_URL, start Docker, "
                    + "or let the embedded server run (see the log above)", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
