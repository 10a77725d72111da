package dev.planprovenance.service.runtime;

import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The configured data roots as canonical folders. A root that does not exist is a configuration mistake reported
 * at start-up, not at the first capture. The engine enforces the roots for what it opens; {@link #check} is the
 * same check for locations the service reads itself.
 */
public final class DataRoots {
    private DataRoots() {}

    public static List<Path> resolve(List<String> configured) {
        return configured.stream().map(String::strip).filter(s -> !s.isEmpty()).map(DataRoots::canonical).toList();
    }

    /**
     * The engine's check, for locations the service reads itself (Delta logs): {@code file://} allowed, no
     * {@code ..}, absolute, and resolved (symlinks included) under one of {@code roots}. Returns the resolved path.
     */
    public static Path check(String location, List<Path> roots) {
        String raw = location.startsWith("file://") ? location.substring("file://".length()) : location;
        Path path;
        try {
            path = Path.of(raw);
        } catch (java.nio.file.InvalidPathException e) {
            throw refused("location " + location + " is not a file system path");
        }
        for (Path part : path) {
            if (part.toString().equals("..")) throw refused("location " + location + " uses '..'");
        }
        if (!path.isAbsolute()) throw refused("location " + location + " is not an absolute path");
        Path resolved;
        try {
            resolved = path.toRealPath();
        } catch (IOException e) {
            throw refused("location " + location + " cannot be resolved: no such file or directory");
        }
        if (roots.stream().noneMatch(resolved::startsWith)) {
            throw refused("location " + location + " resolves to " + resolved
                    + " which is outside the configured data roots");
        }
        return resolved;
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(ProblemType.PATH_NOT_ALLOWED, detail);
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
