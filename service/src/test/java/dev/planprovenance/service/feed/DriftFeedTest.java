package dev.planprovenance.service.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The drift feed end to end (real engine, real PostgreSQL): TPC-H q3 (a three-way join) captured over HTTP, its
 * identity changed by a config override that turns hash joins into sort-merge joins. Each test captures in an
 * environment of its own, so the feed's environment filter isolates it from every other test's captures.
 */
class DriftFeedTest extends EndToEndTest {
    private static final Map<String, String> SORT_MERGE = Map.of("datafusion.optimizer.prefer_hash_join", "false");
    private static final Map<String, String> HASH = Map.of("datafusion.optimizer.prefer_hash_join", "true");

    @Test
    void aChangedInputIsOneEventWithItsCauseAndItsRepeatIsNone() throws Exception {
        String environment = environment();
        double before = counter("planning-env");
        JsonNode first = capture("feed-q3", environment, Map.of());
        JsonNode changed = capture("feed-q3", environment, SORT_MERGE);
        JsonNode repeat = capture("feed-q3", environment, SORT_MERGE);
        assertThat(identity(changed)).isNotEqualTo(identity(first)).isEqualTo(identity(repeat));

        JsonNode page = feed("environment=" + environment);
        assertThat(page.path("total_items").asLong()).isEqualTo(1);
        JsonNode event = page.path("items").get(0);
        assertThat(event.path("plan_name").asString()).isEqualTo("feed-q3");
        assertThat(event.path("environment").asString()).isEqualTo(environment);
        assertThat(event.path("from_capture_id").asString()).isEqualTo(first.path("id").asString());
        assertThat(event.path("to_capture_id").asString()).isEqualTo(changed.path("id").asString());
        JsonNode cause = event.path("cause");
        assertThat(cause.path("verdict").asString()).isEqualTo("drift");
        assertThat(strings(cause.path("inputs_changed"))).containsExactly("planning-env");
        assertThat(strings(cause.path("outputs_changed"))).contains("physical-plan");
        assertThat(counter("planning-env")).isEqualTo(before + 1);
        // The event keeps what the drift report of the change says, the rule outputs left to the report.
        JsonNode report = http.get("/v1/plans/feed-q3/drift?to=" + changed.path("id").asString()).body();
        assertThat(cause).isEqualTo(report.path("cause"));
        assertThat(report.at("/first_diverging_rule/physical/to_output").asString()).contains("SortMergeJoinExec");
        for (String stage : List.of("logical", "physical")) {
            JsonNode kept = event.path("first_diverging_rule").path(stage);
            JsonNode reported = report.path("first_diverging_rule").path(stage).deepCopy();
            ((tools.jackson.databind.node.ObjectNode) reported).remove(List.of("from_output", "to_output"));
            assertThat(kept).as(stage).isEqualTo(reported);
        }
        assertThat(event.at("/first_diverging_rule/physical/kind").asString()).isNotEqualTo("none");

        // since is inclusive and compares with the detection time, which follows the capture's own.
        OffsetDateTime detected = OffsetDateTime.parse(event.path("detected_at").asString());
        assertThat(feed("environment=" + environment + "&since=" + encode(detected)).path("total_items").asLong())
                .isEqualTo(1);
        assertThat(feed("environment=" + environment + "&since=" + encode(detected.plusNanos(1000)))
                .path("total_items").asLong()).isZero();
        assertThat(feed("environment=" + environment + "&since="
                        + encode(OffsetDateTime.parse(changed.path("created_at").asString())))
                .path("total_items").asLong()).isEqualTo(1);
        // The unfiltered feed has it too, and another environment does not.
        assertThat(toIds(feed("size=200"))).contains(changed.path("id").asString());
        assertThat(feed("environment=" + environment()).path("total_items").asLong()).isZero();
    }

    @Test
    void repeatsNeverRecordAnEventNorCountOne() throws Exception {
        String environment = environment();
        String counted = prometheus();
        for (int i = 0; i < 3; i++) capture("feed-repeat", environment, SORT_MERGE);
        // The same plan in a second environment is that environment's first capture, not a change.
        capture("feed-repeat", environment + "-other", Map.of());

        assertThat(feed("environment=" + environment).path("total_items").asLong()).isZero();
        assertThat(feed("environment=" + environment + "-other").path("total_items").asLong()).isZero();
        assertThat(driftCounters(prometheus())).isEqualTo(driftCounters(counted));
    }

    @Test
    void pagesAreNewestFirstAndShapedLikeCapturePages() throws Exception {
        String environment = environment();
        List<String> changes = new ArrayList<>();
        capture("feed-pages", environment, HASH);
        for (int i = 0; i < 3; i++) {
            changes.add(capture("feed-pages", environment, i % 2 == 0 ? SORT_MERGE : HASH).path("id").asString());
        }

        JsonNode first = feed("environment=" + environment + "&size=2");
        JsonNode second = feed("environment=" + environment + "&size=2&page=1");
        JsonNode beyond = feed("environment=" + environment + "&size=2&page=2");
        for (JsonNode page : List.of(first, second, beyond)) {
            assertThat(page.path("total_items").asLong()).isEqualTo(3);
            assertThat(page.path("total_pages").asInt()).isEqualTo(2);
            assertThat(page.path("size").asInt()).isEqualTo(2);
        }
        assertThat(first.path("page").asInt()).isZero();
        assertThat(toIds(first)).containsExactly(changes.get(2), changes.get(1));
        assertThat(toIds(second)).containsExactly(changes.get(0));
        assertThat(toIds(beyond)).isEmpty();
        // Each event starts where the one before it ended.
        assertThat(second.path("items").get(0).path("to_capture_id").asString())
                .isEqualTo(first.path("items").get(1).path("from_capture_id").asString());
    }

    /** The change and its repeat sent at once: one of them is the change, the other its repeat - one event. */
    @Test
    void concurrentCapturesOfAChangeRecordOneEvent() throws Exception {
        String environment = environment();
        capture("feed-concurrent", environment, Map.of());
        List<CompletableFuture<JsonNode>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return capture("feed-concurrent", environment, SORT_MERGE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<JsonNode> f : sent) f.get();
        JsonNode page = feed("environment=" + environment);
        assertThat(page.path("total_items").asLong()).isEqualTo(1);
        // The event's capture is the earliest of the four (by created_at, as history pages order captures).
        JsonNode history = http.get("/v1/plans/feed-concurrent/captures?environment=" + environment).body();
        JsonNode items = history.path("items");
        assertThat(items.size()).isEqualTo(5);
        assertThat(page.path("items").get(0).path("to_capture_id").asString())
                .isEqualTo(items.get(3).path("id").asString());
        assertThat(page.path("items").get(0).path("from_capture_id").asString())
                .isEqualTo(items.get(4).path("id").asString());
    }

    /**
     * A real failure after the capture committed: the database refuses the event (a check constraint this test adds
     * for its own environment, the way a full disk or a lost connection would refuse it). The capture is answered and
     * stored, the failure is counted, and the capture row still says which capture it drifted from, so the event can
     * be computed later. (A failure of the drift computation itself has no real trigger on a healthy store, so it is
     * not staged; the recorder treats both alike.)
     */
    @Test
    void anEventThatCannotBeRecordedNeverCostsTheCapture() throws Exception {
        String environment = environment();
        JsonNode first = capture("feed-refused", environment, Map.of());
        double failures = metric("provenance_drift_event_failures_total");
        jdbc.sql("ALTER TABLE drift_event ADD CONSTRAINT drift_feed_test_refuses CHECK (environment <> '"
                + environment + "') NOT VALID").update();
        JsonNode changed;
        try {
            changed = capture("feed-refused", environment, SORT_MERGE);
        } finally {
            jdbc.sql("ALTER TABLE drift_event DROP CONSTRAINT drift_feed_test_refuses").update();
        }

        assertThat(http.get("/v1/captures/" + changed.path("id").asString()).body()).isEqualTo(changed);
        assertThat(feed("environment=" + environment).path("total_items").asLong()).isZero();
        assertThat(metric("provenance_drift_event_failures_total")).isEqualTo(failures + 1);
        assertThat(jdbc.sql("SELECT drift_from_capture_id::text FROM capture WHERE id = :id")
                .param("id", UUID.fromString(changed.path("id").asString())).query(String.class).single())
                .isEqualTo(first.path("id").asString());
    }

    @Test
    void badParametersAreInvalidRequests() throws Exception {
        for (String query : List.of("size=0", "size=201", "page=-1", "since=yesterday", "size=x")) {
            Http.Response response = http.get("/v1/drift?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.problemType()).as(query).isEqualTo("invalid-request");
        }
    }

    private JsonNode capture(String plan, String environment, Map<String, String> config) throws Exception {
        Map<String, Object> request = Requests.parquet(plan, 3, DATA);
        request.put("environment", environment);
        request.put("config", config);
        Http.Response created = http.post("/v1/captures", request);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body();
    }

    private JsonNode feed(String query) throws Exception {
        Http.Response response = http.get("/v1/drift?" + query);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static String environment() {
        return "feed-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String identity(JsonNode capture) {
        return capture.path("identity").path("plan_identity_hash").asString();
    }

    private static List<String> toIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(e -> ids.add(e.path("to_capture_id").asString()));
        return ids;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    /** As UTC with a Z (MockMvc encodes the URI itself, and a '+' offset would not survive as a query value). */
    private static String encode(OffsetDateTime instant) {
        return instant.toInstant().toString();
    }

    private String prometheus() throws Exception {
        return mvc.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString();
    }

    /** The Prometheus value of provenance_drift_events_total for one cause (0 before its first event). */
    private double counter(String cause) throws Exception {
        Matcher m = Pattern.compile("(?m)^provenance_drift_events_total\\{[^}]*cause=\"" + Pattern.quote(cause)
                + "\"[^}]*} (\\S+)$").matcher(prometheus());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private double metric(String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(prometheus());
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    private static List<String> driftCounters(String prometheus) {
        return prometheus.lines().filter(l -> l.startsWith("provenance_drift_events_total")).toList();
    }
}
