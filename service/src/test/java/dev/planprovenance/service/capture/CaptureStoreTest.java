package dev.planprovenance.service.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import dev.planprovenance.engine.CaptureResult;
import dev.planprovenance.service.api.model.Artifact;
import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.plans.ArtifactQueries;
import dev.planprovenance.service.store.CanonicalJson;
import dev.planprovenance.service.support.PostgresBackedTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

/** The content-addressed store on real PostgreSQL with the real migrations. */
@SpringBootTest(classes = StoreTestApplication.class)
class CaptureStoreTest extends PostgresBackedTest {
    private static final List<String> TABLES = List.of("capture", "capture_request", "runtime_profile",
            "plan_artifact", "planning_env", "rulepack", "explain_document", "explain_row", "plan_statistics",
            "schema_diagnostics", "provider_ddl", "udf_catalog", "audit_bundle", "plan_tree", "external_component");

    @Autowired CaptureWriter writer;
    // A spy only to see whether the capture row's statement runs in a transaction; it reads as the real reader.
    @MockitoSpyBean CaptureReader captures;
    @Autowired ArtifactQueries artifacts;
    @Autowired JdbcClient jdbc;
    @Autowired CanonicalJson json;
    @Autowired MeterRegistry meters;

    @Test
    void aRepeatedCaptureAddsOnlyACaptureRow() {
        CaptureResult result = Captures.result("4");
        writer.write(Captures.input("repeat"), result);
        Map<String, Long> before = counts();
        double hitsBefore = dedupHits("planning-env");

        Capture second = writer.write(Captures.input("repeat"), result);

        Map<String, Long> growth = growth(before, counts());
        assertThat(growth).containsOnly(Map.entry("capture", 1L));
        assertThat(dedupHits("planning-env")).isEqualTo(hitsBefore + 1);
        assertThat(captures.capture(second.getId()).getIdentity().getPlanIdentityHash()).isEqualTo("sha256:plan_identity_hash");
    }

    @Test
    void aChangedPlanningEnvAddsOnlyItsOwnRowAndTheAuditThatAggregatesIt() {
        writer.write(Captures.input("env-change"), Captures.result("4"));
        Map<String, Long> before = counts();

        Capture changed = writer.write(Captures.input("env-change"), Captures.result("8"));

        assertThat(growth(before, counts()))
                .containsOnly(Map.entry("capture", 1L), Map.entry("planning_env", 1L), Map.entry("audit_bundle", 1L));
        assertThat(captures.capture(changed.getId()).getIdentity().getPlanningEnvHash())
                .isEqualTo("sha256:env-" + "8".hashCode());
    }

    @Test
    void everyComponentReadsBackAsWritten() {
        CaptureResult result = Captures.result("16");
        Capture record = writer.write(Captures.input("read-back"), result);

        Capture capture = captures.capture(record.getId());
        assertThat(capture.getPlanName()).isEqualTo("read-back");
        assertThat(capture.getEnvironment()).isEqualTo("test");
        assertThat(capture.getArtifactSchemaVersion()).isEqualTo(7);
        assertThat(capture.getCreatedAt().toInstant()).isEqualTo(record.getCreatedAt().toInstant());
        assertThat(capture.getSql()).isEqualTo("SELECT a FROM t");
        assertThat(capture.getTables()).singleElement().satisfies(t -> assertThat(t.getName()).isEqualTo("t"));
        assertThat(capture.getConfig()).containsExactly(Map.entry("datafusion.optimizer.prefer_hash_join", "false"));
        assertThat(capture.getLabels()).containsExactly(Map.entry("team", "core"));
        assertThat(capture.getProfile()).isEqualTo("default");
        assertThat(capture.getComponents()).containsExactly("planning-env", "rulepack", "explain", "plans",
                "statistics", "schema", "udfs", "audit", "plan-tree");
        assertThat(capture.getIdentity().getDeltaSnapshotHash()).isNull();

        for (String component : capture.getComponents()) {
            Artifact artifact = artifacts.artifact(record.getId(), component);
            JsonNode stored = json.mapper().valueToTree(artifact.getContent());
            assertThat(stored).as(component).isEqualTo(json.tree(result.component(component)));
        }
        Artifact plans = artifacts.artifact(record.getId(), "plans");
        assertThat(plans.getHashes()).containsExactly(Map.entry("plan_fingerprint", "sha256:plan_fingerprint"));
        assertThat(plans.getBytes()).containsOnlyKeys(CaptureResult.PLAN_BYTES);
        CaptureResult.PLAN_BYTES.forEach(name ->
                assertThat(plans.getBytes().get(name)).as(name).isEqualTo(result.planBytes().get(name)));
        Artifact explain = artifacts.artifact(record.getId(), "explain");
        assertThat(explain.getExplainRows().get("verbose")).extracting(r -> r.getPlanType())
                .containsExactly("initial_logical_plan", "logical_plan after push_down_filter");
        assertThat(explain.getExplainRows().get("tree")).singleElement()
                .satisfies(r -> assertThat(r.getPlan()).isEqualTo("┌──┐\n│ProjectionExec│"));
        assertThat(jdbc.sql("SELECT d.table_name || '=' || d.ddl FROM provider_ddl d JOIN component_set_member m"
                + " ON m.component = 'schema' AND m.content_key = d.schema_key JOIN capture c"
                + " ON c.component_set_key = m.set_key WHERE c.id = :id").param("id", record.getId())
                .query(String.class).list())
                .containsExactly("v=SELECT a FROM t");
    }

    @Test
    void theInsertThatReadsBackAnswersWhatAReadByIdAnswers() {
        // New content (components and capture) in the first write, only a capture row in the repeat.
        for (int attempt = 0; attempt < 2; attempt++) {
            Capture answered = writer.write(Captures.input("insert-and-read"), Captures.result("32"));

            assertThat(answered).isEqualTo(captures.capture(answered.getId()));
            assertThat(answered.getComponents()).contains("plans", "explain", "udfs");
        }
    }

    @Test
    void aRepeatWhoseContentIsStoredWritesItsCaptureRowWithoutATransaction() {
        CaptureResult result = Captures.result("64");
        List<Boolean> inTransaction = new ArrayList<>();
        doAnswer(call -> {
            inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
            return call.callRealMethod();
        }).when(captures).insertAndRead(any(), any());
        writer.write(Captures.input("no-transaction"), result);
        Map<String, Long> before = counts();
        double hitsBefore = dedupHits("explain");

        Capture repeat = writer.write(Captures.input("no-transaction"), result);

        assertThat(inTransaction).containsExactly(true, false);
        assertThat(growth(before, counts())).containsOnly(Map.entry("capture", 1L));
        assertThat(dedupHits("explain")).isEqualTo(hitsBefore + 1);
        assertThat(repeat).isEqualTo(captures.capture(repeat.getId()));
    }

    @Test
    void aCaptureWithOneNewComponentStoresItInTheTransactionOfItsCaptureRow() {
        writer.write(Captures.input("one-new"), Captures.result("128"));
        Map<String, Long> before = counts();

        Capture changed = writer.write(Captures.input("one-new"), Captures.result("256"));

        assertThat(growth(before, counts()))
                .containsOnly(Map.entry("capture", 1L), Map.entry("planning_env", 1L), Map.entry("audit_bundle", 1L));
        assertThat(changed.getIdentity().getPlanningEnvHash()).isEqualTo("sha256:env-" + "256".hashCode());
    }

    private double dedupHits(String component) {
        var counter = meters.find("provenance.store.dedup.hits").tag("component", component).counter();
        return counter == null ? 0 : counter.count();
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
        }
        return counts;
    }

    private static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> growth = new LinkedHashMap<>();
        after.forEach((table, n) -> {
            if (n - before.get(table) != 0) growth.put(table, n - before.get(table));
        });
        return growth;
    }
}
