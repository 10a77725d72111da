package dev.planprovenance.service.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Texts of verbose EXPLAIN rows by (explain content key, ordinal), any number in one query. */
@Repository
public class ExplainTexts {
    private final JdbcClient jdbc;

    public ExplainTexts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record RowRef(byte[] explainKey, int ordinal) {
        String id() {
            return HexFormat.of().formatHex(explainKey) + ":" + ordinal;
        }
    }

    /** Text by {@link RowRef#id()}; rows that do not exist are absent. */
    Map<String, String> texts(List<RowRef> rows) {
        Map<String, String> texts = new HashMap<>();
        if (rows.isEmpty()) return texts;
        List<String> keys = new ArrayList<>();
        List<Integer> ordinals = new ArrayList<>();
        for (RowRef row : rows) {
            keys.add(HexFormat.of().formatHex(row.explainKey()));
            ordinals.add(row.ordinal());
        }
        jdbc.sql("""
                        SELECT encode(r.explain_key, 'hex') AS k, r.ordinal, r.plan
                        FROM unnest(CAST(:keys AS text[]), CAST(:ordinals AS int[])) AS w (k, ordinal)
                        JOIN explain_row r ON r.explain_key = decode(w.k, 'hex') AND r.format = 'verbose'
                         AND r.ordinal = w.ordinal""")
                .param("keys", "{" + String.join(",", keys) + "}")
                .param("ordinals", "{" + String.join(",", ordinals.stream().map(String::valueOf).toList()) + "}")
                .query(rs -> {
                    texts.put(rs.getString("k") + ":" + rs.getInt("ordinal"), rs.getString("plan"));
                });
        return texts;
    }
}
