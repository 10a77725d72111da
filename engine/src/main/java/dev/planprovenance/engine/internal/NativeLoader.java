package dev.planprovenance.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * Loads the {@code provenance_engine} native library once per class loader.
 *
 * <p>Order: {@code System.loadLibrary} (java.library.path) first, so a developer can point the JVM
 * at a freshly built library; otherwise the copy packed in the engine jar at
 * {@code /native/{os}-{arch}/{mapped name}} (put there by the Maven build, which runs cargo) is
 * extracted to an owner-only temp folder and loaded from there. The folder names must match the
 * {@code native.os}/{@code native.arch} properties of engine/pom.xml.
 */
public final class NativeLoader {

    public static final String LIBRARY = "provenance_engine";

    private static boolean loaded;

    private NativeLoader() {}

    /** Loads the library; later calls return at once. */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        try {
            System.loadLibrary(LIBRARY);
        } catch (UnsatisfiedLinkError fromLibraryPath) {
            loadFromResource(fromLibraryPath);
        }
        loaded = true;
    }

    /** The resource path of the packed library for this JVM's os and arch. */
    public static String resourcePath() {
        return "/native/" + osName() + "-" + archName() + "/" + System.mapLibraryName(LIBRARY);
    }

    static String osName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("darwin")) {
            return "macos";
        }
        if (os.contains("win")) {
            return "windows";
        }
        if (os.contains("linux")) {
            return "linux";
        }
        return os.replaceAll("[^a-z0-9]", "");
    }

    static String archName() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
            case "x86-64":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch64";
            default:
                return arch;
        }
    }

    private static void loadFromResource(UnsatisfiedLinkError fromLibraryPath) {
        String resource = resourcePath();
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                UnsatisfiedLinkError error = new UnsatisfiedLinkError(
                        "native library " + System.mapLibraryName(LIBRARY) + " not found: it is not on"
                                + " java.library.path and the classpath has no resource " + resource
                                + ". Build with ./mvnw -pl engine package, which runs cargo; or put "
                                + System.mapLibraryName(LIBRARY) + " on java.library.path"
                                + " (java.library.path=" + System.getProperty("java.library.path") + ").");
                error.addSuppressed(fromLibraryPath);
                throw error;
            }
            Path dir = createPrivateTempDir();
            Path file = dir.resolve(System.mapLibraryName(LIBRARY));
            // deleteOnExit runs in reverse order of registration: the file goes before its folder.
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toAbsolutePath().toString());
        } catch (IOException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError(
                    "could not extract " + resource + " to a temp folder: " + e);
            error.initCause(e);
            error.addSuppressed(fromLibraryPath);
            throw error;
        }
    }

    private static Path createPrivateTempDir() throws IOException {
        String prefix = "provenance-engine-";
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempDirectory(prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        // Windows: the user's temp folder is already private to the user.
        return Files.createTempDirectory(prefix);
    }
}
