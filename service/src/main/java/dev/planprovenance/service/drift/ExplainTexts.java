package dev.planprovenance.service.drift;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Texts of verbose EXPLAIN rows (table explain_row) by explain content key and ordinal. */
@Repository
public class ExplainTexts {
    private final JdbcClient jdbc;

    public ExplainTexts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every verbose row's text by ordinal, for each explain (by its key in hex), in one query. */
    Map<String, Map<Integer, String>> verbose(List<byte[]> explainKeys) {
        Map<String, Map<Integer, String>> texts = new HashMap<>();
        if (explainKeys.isEmpty()) return texts;
        List<String> keys = explainKeys.stream().map(k -> HexFormat.of().formatHex(k)).distinct().toList();
        jdbc.sql("""
                        SELECT encode(r.explain_key, 'hex') AS k, r.ordinal, r.plan
                        FROM explain_row r
                        WHERE r.explain_key = ANY (SELECT decode(k, 'hex') FROM unnest(CAST(:keys AS text[])) AS k)
                         AND r.format = 'verbose'""")
                .param("keys", "{" + String.join(",", keys) + "}")
                .query(rs -> {
                    texts.computeIfAbsent(rs.getString("k"), k -> new HashMap<>())
                            .put(rs.getInt("ordinal"), rs.getString("plan"));
                });
        return texts;
    }

    static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }
}
