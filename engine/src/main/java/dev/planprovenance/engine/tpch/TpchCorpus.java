package dev.planprovenance.engine.tpch;

import dev.planprovenance.engine.ColumnSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TPC-H-derived corpus kept outside the repository ({@code shared/corpus/tpch}): table DDL and q1–q22, read at run
 * time so the project never carries a copy of their text.
 */
public final class TpchCorpus {
    private static final Pattern TABLE =
            Pattern.compile("CREATE EXTERNAL TABLE (\\w+) \\((.*?)\\) STORED AS", Pattern.DOTALL);
    private static final Pattern COLUMN = Pattern.compile("(\\w+) (.+?)( NOT NULL)?");

    private final Path folder;

    public TpchCorpus(Path folder) {
        if (!Files.isRegularFile(folder.resolve("schema.sql"))) {
            throw new IllegalArgumentException("no TPC-H corpus (schema.sql) in " + folder);
        }
        this.folder = folder;
    }

    /** From system property {@code provenance.tpch.dir}, else {@code ../shared/corpus/tpch} beside the checkout. */
    public static TpchCorpus locate() {
        String dir = System.getProperty("provenance.tpch.dir", System.getenv().getOrDefault("PROVENANCE_TPCH_DIR", ""));
        if (dir.isBlank()) {
            Path here = Path.of("").toAbsolutePath();
            for (Path p = here; p != null; p = p.getParent()) {
                Path candidate = p.resolveSibling("shared").resolve("corpus/tpch");
                if (Files.isDirectory(candidate)) return new TpchCorpus(candidate);
            }
            throw new IllegalStateException("set -Dprovenance.tpch.dir to the shared/corpus/tpch folder");
        }
        return new TpchCorpus(Path.of(dir));
    }

    /** Table name to declared columns, in the order of the DDL. */
    public Map<String, List<ColumnSpec>> tables() {
        Map<String, List<ColumnSpec>> tables = new LinkedHashMap<>();
        Matcher m = TABLE.matcher(read(folder.resolve("schema.sql")));
        while (m.find()) tables.put(m.group(1), columns(m.group(2)));
        return tables;
    }

    private static List<ColumnSpec> columns(String body) {
        List<ColumnSpec> columns = new ArrayList<>();
        for (String part : body.replaceAll("\\s+", " ").trim().split(",(?![^()]*\\))")) {
            Matcher c = COLUMN.matcher(part.trim());
            if (!c.matches()) throw new IllegalStateException("unexpected column definition: " + part);
            columns.add(new ColumnSpec(c.group(1), c.group(2).trim(), c.group(3) == null));
        }
        return columns;
    }

    /** q1..q22 in numeric order. */
    public List<String> queryNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 22; i++) names.add("q" + i);
        return names;
    }

    public String query(String name) {
        return read(folder.resolve("queries").resolve(name + ".sql"));
    }

    private static final Pattern CREATE_VIEW =
            Pattern.compile("(?is)\\s*create view (\\w+)\\s*\\(([^)]*)\\)\\s*as\\s*(.*)");

    /**
     * A query split into the views it creates (name to a SELECT that renames the view's columns) and the one read
     * query to capture; a trailing DROP VIEW is dropped (a capture never changes the catalog).
     */
    public Query parsed(String name) {
        Map<String, String> views = new LinkedHashMap<>();
        String select = null;
        for (String statement : query(name).replaceAll("(?m)^--.*$", "").split(";")) {
            String trimmed = statement.trim();
            if (trimmed.isEmpty() || trimmed.toLowerCase().startsWith("drop view")) continue;
            Matcher view = CREATE_VIEW.matcher(trimmed);
            if (view.matches()) {
                views.put(view.group(1), "SELECT * FROM (" + view.group(3) + ") AS " + view.group(1) + "(" + view.group(2) + ")");
            } else {
                select = trimmed;
            }
        }
        return new Query(name, views, select);
    }

    /** One corpus query: views to register first, then the SELECT to capture. */
    public record Query(String name, Map<String, String> views, String sql) {}

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
