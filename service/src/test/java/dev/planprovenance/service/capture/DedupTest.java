package dev.planprovenance.service.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import dev.planprovenance.service.support.Requests;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Content addressing seen from the API: repeats cost one row, one changed config key one component row. */
class DedupTest extends EndToEndTest {

    @Test
    void theSameRequestTwiceGivesTheSameIdentityAndNoNewComponentRows() throws Exception {
        Map<String, Object> request = Requests.simple("dedup-repeat", DATA, Map.of());
        Http.Response first = http.post("/v1/captures", request);
        assertThat(first.status()).isEqualTo(201);
        Map<String, Long> before = rowCounts();

        Http.Response second = http.post("/v1/captures", request);

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body().path("id")).isNotEqualTo(first.body().path("id"));
        assertThat(second.body().path("identity")).isEqualTo(first.body().path("identity"));
        assertThat(growth(before, rowCounts())).containsOnly(Map.entry("capture", 1L));
    }

    @Test
    void oneChangedConfigKeyChangesPlanningEnvAndOnlyThatComponent() throws Exception {
        // The threshold only matters for joins; this query has none, so the plan itself stays the same.
        String key = "datafusion.optimizer.hash_join_single_partition_threshold";
        Http.Response base = http.post("/v1/captures", Requests.simple("dedup-config", DATA, Map.of(key, "1048576")));
        assertThat(base.status()).isEqualTo(201);
        Map<String, Long> before = rowCounts();

        Http.Response changed = http.post("/v1/captures", Requests.simple("dedup-config", DATA, Map.of(key, "2048")));

        assertThat(changed.status()).isEqualTo(201);
        var was = base.body().path("identity");
        var now = changed.body().path("identity");
        assertThat(now.path("planning_env_hash")).isNotEqualTo(was.path("planning_env_hash"));
        assertThat(now.path("plan_fingerprint")).isEqualTo(was.path("plan_fingerprint"));
        assertThat(now.path("rulepack_hash")).isEqualTo(was.path("rulepack_hash"));
        // capture_request holds the overrides; audit_bundle aggregates every hash, planning_env_hash included.
        assertThat(growth(before, rowCounts())).containsOnly(Map.entry("capture", 1L),
                Map.entry("capture_request", 1L), Map.entry("planning_env", 1L), Map.entry("audit_bundle", 1L));
    }
}
