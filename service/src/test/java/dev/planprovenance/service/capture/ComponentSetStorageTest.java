package dev.planprovenance.service.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.planprovenance.engine.CaptureResult;
import dev.planprovenance.service.api.model.Artifact;
import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.plans.ArtifactQueries;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import dev.planprovenance.service.store.CanonicalJson;
import dev.planprovenance.service.support.PostgresBackedTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Captures reference their components through content-addressed component sets, and components of external table
 * formats live in one table: counted over every table of the schema, on real PostgreSQL with the real migrations.
 */
@SpringBootTest(classes = StoreTestApplication.class)
class ComponentSetStorageTest extends PostgresBackedTest {
    private static final String DELTA = "{\"tables\":{\"t\":{\"snapshot\":{\"version\":3}}}}";

    @Autowired CaptureWriter writer;
    @Autowired CaptureReader captures;
    @Autowired ArtifactQueries artifacts;
    @Autowired JdbcClient jdbc;
    @Autowired CanonicalJson json;

    @Test
    void aRepeatOfAnUnchangedComponentSetAddsOneRowTheCaptureRow() {
        CaptureResult result = Captures.result("set-repeat");
        Capture first = writer.write(Captures.input("set-repeat"), result);
        Map<String, Long> before = everyTable();

        Capture repeat = writer.write(Captures.input("set-repeat"), result);

        assertThat(growth(before, everyTable())).containsExactly(Map.entry("capture", 1L));
        assertThat(setKey(repeat)).isEqualTo(setKey(first));
    }

    @Test
    void aChangedComponentAddsOneSetHoldingEveryComponent() {
        writer.write(Captures.input("set-change"), Captures.result("set-change-1"));
        Map<String, Long> before = everyTable();

        Capture changed = writer.write(Captures.input("set-change"), Captures.result("set-change-2"));

        assertThat(growth(before, everyTable())).containsOnly(Map.entry("capture", 1L),
                Map.entry("planning_env", 1L), Map.entry("audit_bundle", 1L), Map.entry("component_set", 1L),
                Map.entry("component_set_member", 9L));
        assertThat(jdbc.sql("SELECT m.component FROM component_set_member m JOIN capture c"
                        + " ON c.component_set_key = m.set_key WHERE c.id = :id ORDER BY 1")
                .param("id", changed.getId()).query(String.class).list())
                .containsExactlyInAnyOrderElementsOf(changed.getComponents());
    }

    @Test
    void anExternalComponentIsStoredInExternalComponentAndReadBackLikeAnyOther() {
        CaptureResult result = Captures.withExternal(Captures.result("external"), "delta", DELTA);
        String hash = result.hash("delta_snapshot_hash");
        Map<String, Long> before = everyTable();

        Capture capture = writer.write(Captures.input("external"), result);

        assertThat(growth(before, everyTable())).containsEntry("external_component", 1L);
        assertThat(capture.getComponents()).containsExactly("planning-env", "rulepack", "explain", "plans",
                "statistics", "schema", "udfs", "audit", "plan-tree", "delta");
        assertThat(capture.getIdentity().getDeltaSnapshotHash()).isEqualTo(hash);
        assertThat(captures.capture(capture.getId())).isEqualTo(capture);
        Artifact delta = artifacts.artifact(capture.getId(), "delta");
        assertThat(delta.getHashes()).containsExactly(Map.entry("delta_snapshot_hash", hash));
        JsonNode content = json.mapper().valueToTree(delta.getContent());
        assertThat(content).isEqualTo(json.tree(DELTA));
        assertThat(jdbc.sql("SELECT component || ' ' || hash_name FROM external_component WHERE hash = :hash")
                .param("hash", hash).query(String.class).list()).containsExactly("delta delta_snapshot_hash");

        Map<String, Long> beforeRepeat = everyTable();
        writer.write(Captures.input("external"), result);
        assertThat(growth(beforeRepeat, everyTable())).containsExactly(Map.entry("capture", 1L));
    }

    @Test
    void aComponentTheApiDoesNotNameIsRefusedBeforeAnythingIsWritten() {
        CaptureResult result = Captures.withExternal(Captures.result("unnamed"), "iceberg", "{}");
        Map<String, Long> before = everyTable();

        assertThatThrownBy(() -> writer.write(Captures.input("unnamed"), result))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("iceberg");
        assertThat(growth(before, everyTable())).isEmpty();
    }

    @Test
    void aMissingOrUnknownComponentIsNotFound() {
        Capture capture = writer.write(Captures.input("not-found"), Captures.result("not-found"));
        for (String name : List.of("delta", "no-such-component")) {
            assertThatThrownBy(() -> artifacts.artifact(capture.getId(), name))
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
        }
        assertThatThrownBy(() -> artifacts.artifact(UUID.randomUUID(), "plans"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
    }

    private String setKey(Capture capture) {
        return jdbc.sql("SELECT encode(component_set_key, 'hex') FROM capture WHERE id = :id")
                .param("id", capture.getId()).query(String.class).single();
    }

    /** Rows of every table of the schema (not only those this test knows), to see exactly what a write added. */
    private Map<String, Long> everyTable() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_name <> 'flyway_schema_history' ORDER BY 1").query(String.class).list()) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
        }
        return counts;
    }

    private static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> growth = new LinkedHashMap<>();
        after.forEach((table, n) -> {
            if (n - before.getOrDefault(table, 0L) != 0) growth.put(table, n - before.getOrDefault(table, 0L));
        });
        return growth;
    }
}
