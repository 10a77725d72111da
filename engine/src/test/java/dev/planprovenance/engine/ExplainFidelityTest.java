package dev.planprovenance.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The capture builds its EXPLAIN rows from its one planning pass (rendering only the plans a rule changed); they must
 * be exactly what DataFusion's own {@code EXPLAIN VERBOSE} and {@code EXPLAIN} print for the same query.
 */
class ExplainFidelityTest {
    /** What DataFusion's EXPLAIN prints in place of a plan that equals the row above. */
    private static final String SAME = "SAME TEXT AS ABOVE";
    private static RuntimePool pool;

    @BeforeAll
    static void start() {
        pool = TpchFixture.pool(RuntimeProfile.defaults("test"), 1);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @ParameterizedTest
    @MethodSource("dev.planprovenance.engine.TpchFixture#queries")
    void verboseAndIndentRowsEqualDataFusionsOwnExplain(String query) throws Exception {
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            CaptureResult captured = TpchFixture.capture(session, query);
            String sql = TpchFixture.CORPUS.parsed(query).sql();

            assertThat(captured.explain().get(ExplainFormat.VERBOSE)).containsExactlyElementsOf(explain(session, sql, true));
            assertThat(captured.explain().get(ExplainFormat.INDENT)).containsExactlyElementsOf(explain(session, sql, false));
        }
    }

    /** DataFusion's rows, with each "same text as above" replaced by the text it stands for. */
    private static List<ExplainRow> explain(EngineSession session, String sql, boolean verbose) throws Exception {
        List<ExplainRow> rows = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator(); ArrowReader reader = session.explain(sql, verbose, allocator)) {
            while (reader.loadNextBatch()) {
                var root = reader.getVectorSchemaRoot();
                VarCharVector type = (VarCharVector) root.getVector("plan_type");
                VarCharVector plan = (VarCharVector) root.getVector("plan");
                for (int i = 0; i < root.getRowCount(); i++) {
                    String text = new String(plan.get(i), StandardCharsets.UTF_8);
                    if (text.equals(SAME)) text = rows.get(rows.size() - 1).plan();
                    rows.add(new ExplainRow(new String(type.get(i), StandardCharsets.UTF_8), text));
                }
            }
        }
        return rows;
    }
}
