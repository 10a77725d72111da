package dev.planprovenance.service.support;

import dev.planprovenance.engine.tpch.TpchCorpus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TPC-H query as a capture takes it: a single read query, plus the view it needs when the corpus file is a
 * script (q15 creates a view, selects from it and drops it). The view's column list becomes a derived column list,
 * so the view body stays the corpus text.
 */
public record TpchQuery(int number, String sql, String viewName, String viewSql) {
    public static final TpchCorpus CORPUS = TpchCorpus.locate();

    private static final Pattern SCRIPT = Pattern.compile(
            "create view (\\w+) \\(([^)]*)\\) as(.*?);(.*?);\\s*drop view", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    public static TpchQuery of(int n) {
        String text = CORPUS.query("q" + n);
        Matcher script = SCRIPT.matcher(text);
        if (script.find()) {
            String view = "SELECT * FROM (" + script.group(3).strip() + ") AS " + script.group(1) + " ("
                    + script.group(2).strip() + ")";
            return new TpchQuery(n, script.group(4).strip(), script.group(1), view);
        }
        return new TpchQuery(n, text.strip().replaceAll(";\\s*$", ""), null, null);
    }

    /** Whether the query (or its view) reads the table. */
    public boolean reads(String table) {
        String pattern = "(?is).*\\b" + table + "\\b.*";
        return sql.matches(pattern) || (viewSql != null && viewSql.matches(pattern));
    }
}
