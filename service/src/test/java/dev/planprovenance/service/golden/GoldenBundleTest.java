package dev.planprovenance.service.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.drift.CaptureDocumentLoader;
import dev.planprovenance.service.drift.CaptureDocuments;
import dev.planprovenance.service.drift.DriftService;
import dev.planprovenance.service.store.CanonicalJson;
import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The golden audit bundles of TPC-H q1, q3, q6 and q13 (schema-only tables, scale-factor-100 statistics), checked on
 * every build: a change to the engine (or to how the service captures) that moves one of these plans fails here with
 * the drift report. {@code -Dgolden.update=true} (or {@code PROVENANCE_GOLDEN_UPDATE=1}) writes them anew.
 */
class GoldenBundleTest extends EndToEndTest {
    private static final List<Integer> QUERIES = List.of(1, 3, 6, 13);

    @org.springframework.beans.factory.annotation.Autowired CaptureDocumentLoader loader;
    @org.springframework.beans.factory.annotation.Autowired CanonicalJson json;
    @org.springframework.beans.factory.annotation.Autowired DriftService drift;

    @Test
    void everyGoldenQueryStillPlansAsItsBundleSays() throws Exception {
        GoldenBundles golden = new GoldenBundles(json, drift);
        StringBuilder failures = new StringBuilder();
        for (int q : QUERIES) {
            CaptureDocuments capture = capture(Requests.schemaOnly("golden-q" + q, q));
            if (GoldenBundles.updating()) {
                golden.write("q" + q, capture);
            } else {
                golden.check("q" + q, capture).ifPresent(failures::append);
            }
        }
        assertThat(failures.toString()).as("golden bundles").isEmpty();
    }

    @Test
    void aCaptureThatMovesThePlanFailsWithTheDriftReportNamingTheCauseAndTheFirstDivergingRule() throws Exception {
        Assumptions.assumeFalse(GoldenBundles.updating(), "regenerating");
        GoldenBundles golden = new GoldenBundles(json, drift);
        // The unchanged q3 passes.
        assertThat(golden.check("q3", capture(Requests.schemaOnly("golden-moved-q3", 3)))).isEmpty();
        Map<String, Object> request = new HashMap<>(Requests.schemaOnly("golden-moved-q3", 3));
        request.put("config", Map.of("datafusion.optimizer.prefer_hash_join", "false"));

        Optional<String> failure = golden.check("q3", capture(request));

        assertThat(failure).isPresent();
        String message = failure.get();
        assertThat(message).contains("DRIFT REPORT", "cause: ", "planning-env", "datafusion.optimizer.prefer_hash_join");
        assertThat(message).doesNotContain("sql changed");
        // The first diverging rule is the one the drift API names for the same two requests stored as captures.
        var physical = http.get("/v1/plans/golden-moved-q3/drift?environment=ci").body()
                .path("first_diverging_rule").path("physical");
        assertThat(physical.path("kind").asString()).isNotEqualTo("none");
        assertThat(message).contains("first diverging rule: logical ",
                "; physical " + physical.path("kind").asString() + " at " + physical.path("rule").asString());
        assertThat(message).contains("physical tree edits", "SortMergeJoinExec");
    }

    private CaptureDocuments capture(Map<String, Object> request) throws Exception {
        Http.Response created = http.post("/v1/captures", request);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        UUID id = UUID.fromString(created.body().path("id").asString());
        return loader.load(List.of(id)).get(id);
    }
}
