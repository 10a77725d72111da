package dev.planprovenance.service.store;

import dev.planprovenance.engine.ExplainFormat;
import dev.planprovenance.engine.ExplainRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The explain component: the engine's explain document plus every EXPLAIN row (tree, indent, verbose) in the order
 * DataFusion produced it. Rows are written only by the transaction that stored the document, so a document never
 * exists with half its rows. The content key is the document's: the engine's explain document holds a hash per
 * rendering (tree, indent, verbose) and per verbose row, so the same document means the same rows.
 */
@Repository
public class ExplainStore {
    private final ComponentStore components;
    private final JdbcTemplate jdbc;

    public ExplainStore(ComponentStore components, JdbcTemplate jdbc) {
        this.components = components;
        this.jdbc = jdbc;
    }

    PendingRow prepare(String document, Map<ExplainFormat, List<ExplainRow>> rows, Map<String, String> hashes) {
        // The document carries a hash of each rendering and of every verbose row, so its key covers the rows too.
        PendingRow stored = components.prepare(Component.EXPLAIN, document, hashes);
        return stored.withDependentRows(() -> insertRows(stored.key(), rows));
    }

    private void insertRows(ContentKey key, Map<ExplainFormat, List<ExplainRow>> rows) {
        List<Object[]> batch = new ArrayList<>();
        rows.forEach((format, list) -> {
            for (int i = 0; i < list.size(); i++) {
                batch.add(new Object[] {key.bytes(), format.name().toLowerCase(Locale.ROOT), i,
                        list.get(i).planType(), list.get(i).plan()});
            }
        });
        jdbc.batchUpdate("INSERT INTO explain_row (explain_key, format, ordinal, plan_type, plan) VALUES (?, ?, ?, ?, ?)",
                batch);
    }
}
