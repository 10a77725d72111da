package dev.planprovenance.service.store;

import dev.planprovenance.engine.ExplainFormat;
import dev.planprovenance.engine.ExplainRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * The explain component: the engine's explain document plus every EXPLAIN row (tree, indent, verbose) in the order
 * DataFusion produced it. Rows are written only by the transaction that stored the document, so a document never
 * exists with half its rows. The content key is the document's: the engine's explain document holds a hash per
 * rendering (tree, indent, verbose) and per verbose row, so the same document means the same rows.
 */
@Repository
public class ExplainStore {
    /** All rows in one statement (one round trip, however many rules the verbose rendering has). */
    private static final String INSERT_ROWS = """
            INSERT INTO explain_row (explain_key, format, ordinal, plan_type, plan)
            SELECT :key, r.format, r.ordinal, r.plan_type, r.plan
            FROM unnest(:formats, :ordinals, :types, :plans) AS r (format, ordinal, plan_type, plan)""";

    private final ComponentStore components;
    private final JdbcClient jdbc;

    public ExplainStore(ComponentStore components, JdbcClient jdbc) {
        this.components = components;
        this.jdbc = jdbc;
    }

    PendingRow prepare(String document, Map<ExplainFormat, List<ExplainRow>> rows, Map<String, String> hashes) {
        // The document carries a hash of each rendering and of every verbose row, so its key covers the rows too.
        PendingRow stored = components.prepare(Component.EXPLAIN, document, hashes);
        return stored.withDependentRows(() -> insertRows(stored.key(), rows));
    }

    private void insertRows(ContentKey key, Map<ExplainFormat, List<ExplainRow>> rows) {
        List<String> formats = new ArrayList<>();
        List<Integer> ordinals = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> plans = new ArrayList<>();
        rows.forEach((format, list) -> {
            for (int i = 0; i < list.size(); i++) {
                formats.add(format.name().toLowerCase(Locale.ROOT));
                ordinals.add(i);
                types.add(list.get(i).planType());
                plans.add(list.get(i).plan());
            }
        });
        if (formats.isEmpty()) return;
        jdbc.sql(INSERT_ROWS)
                .param("key", key.bytes())
                .param("formats", new SqlArrayValue("text", (Object[]) formats.toArray(String[]::new)))
                .param("ordinals", new SqlArrayValue("int4", (Object[]) ordinals.toArray(Integer[]::new)))
                .param("types", new SqlArrayValue("text", (Object[]) types.toArray(String[]::new)))
                .param("plans", new SqlArrayValue("text", (Object[]) plans.toArray(String[]::new)))
                .update();
    }
}
