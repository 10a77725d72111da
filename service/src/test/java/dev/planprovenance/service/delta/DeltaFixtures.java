package dev.planprovenance.service.delta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

/** The shared Delta fixture tables (read-only), and temporary copies for tests that must set file times. */
public final class DeltaFixtures {

    private DeltaFixtures() {}

    /** {@code provenance.delta.fixtures}, else {@code ../shared/fixtures/delta} beside the repository root. */
    static Path root() {
        String configured = System.getProperty("provenance.delta.fixtures");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".mvn"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath()
                    + " and provenance.delta.fixtures is not set");
        }
        return dir.resolve("../shared/fixtures/delta").normalize();
    }

    static String table(String name) {
        Path table = root().resolve(name);
        if (!Files.isDirectory(table.resolve("_delta_log"))) {
            throw new IllegalStateException("missing Delta fixture " + table);
        }
        return table.toString();
    }

    /** A full copy of a fixture table under {@code target}, file times preserved. */
    public static Path copy(String name, Path target) {
        Path source = Path.of(table(name));
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Sets commit N's JSON file time to {@code first + N * step}: Delta's commit timestamp without ICT. */
    static void setCommitTimes(Path table, Instant first, java.time.Duration step) {
        try (Stream<Path> log = Files.list(table.resolve("_delta_log"))) {
            for (Path commit : (Iterable<Path>) log.filter(p -> p.getFileName().toString()
                    .matches("\\d{20}\\.json"))::iterator) {
                long version = Long.parseLong(commit.getFileName().toString().substring(0, 20));
                Files.setLastModifiedTime(commit, FileTime.from(first.plus(step.multipliedBy(version))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
