package dev.planprovenance.service.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts zonky's embedded PostgreSQL (real server binaries) on a given data folder. The folder is never cleaned, so
 * a restart finds its data again; a postmaster left behind by a killed JVM is stopped first, since it would hold the
 * folder. PostgreSQL refuses to run as root (CI runs as root): zonky 2.2 then starts every PostgreSQL command through
 * {@code unshare -U}, a user namespace in which the process is not root, which needs util-linux's unshare on the PATH.
 */
public final class EmbeddedPostgresLauncher {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);

    private EmbeddedPostgresLauncher() {}

    public static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        stopOrphanedPostmaster(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port > 0) builder.setPort(port);
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dir);
        return postgres;
    }

    /** postmaster.pid's first line is the server's pid; a live process there owns the folder and must go first. */
    private static void stopOrphanedPostmaster(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster = lines.isEmpty() ? Optional.empty()
                : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
        if (postmaster.isEmpty() || !postmaster.get().info().command().orElse("").endsWith("postgres")) return;
        log.warn("Stopping a PostgreSQL server left running on {} (pid {})", dir, postmaster.get().pid());
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL pid " + postmaster.get().pid() + " still holds " + dir, e);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
