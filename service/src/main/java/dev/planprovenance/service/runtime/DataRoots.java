package dev.planprovenance.service.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The configured data roots as canonical folders. A root that does not exist is a configuration mistake reported
 * at start-up, not at the first capture. Whether a location lies under them is the engine's one check
 * ({@code EngineSession.resolveLocation}), for what the engine opens and for what the service reads itself.
 */
public final class DataRoots {
    private DataRoots() {}

    public static List<Path> resolve(List<String> configured) {
        return configured.stream().map(String::strip).filter(s -> !s.isEmpty()).map(DataRoots::canonical).toList();
    }

    private static Path canonical(String root) {
        Path path = Path.of(root).toAbsolutePath();
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("provenance.data-roots: " + path + " is not a directory");
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("provenance.data-roots: cannot resolve " + path, e);
        }
    }
}
