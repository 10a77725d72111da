package dev.planprovenance.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A round trip that differs says where: the plans component records the first differing leaves of the canonical
 * forms (JSON pointer, before, after); one that is identical records none. TPC-H q1's Substrait round trip does not
 * come back the same in DataFusion 55; its datafusion-proto round trips do.
 */
class RoundTripDifferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RuntimePool pool;

    @BeforeAll
    static void start() {
        pool = TpchFixture.pool(RuntimeProfile.defaults("test"), 1);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void aDifferingRoundTripRecordsWhereTheCanonicalFormsDiffer() throws Exception {
        String first;
        String repeat;
        try (EngineSession session = pool.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            first = TpchFixture.capture(session, "q1").component("plans");
            // The repeat skips the round trip (the runtime knows these bytes) and must report the same document.
            repeat = TpchFixture.capture(session, "q1").component("plans");
        }
        assertThat(repeat).isEqualTo(first);
        // A fresh runtime computes the difference anew and must find the same one.
        try (RuntimePool fresh = TpchFixture.pool(RuntimeProfile.defaults("test"), 1);
                EngineSession session = fresh.borrow(TpchFixture.BORROW)) {
            TpchFixture.registerParquet(session);
            assertThat(TpchFixture.capture(session, "q1").component("plans")).isEqualTo(first);
        }

        JsonNode roundtrip = JSON.readTree(first).get("roundtrip");
        JsonNode substrait = roundtrip.get("substrait");
        assertThat(substrait.get("status").asText()).isEqualTo("differs");
        JsonNode difference = substrait.get("difference");
        assertThat(difference).as(substrait.toString()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        for (JsonNode d : difference) {
            assertThat(d.get("path").asText()).as(d.toString()).startsWith("/");
            assertThat(d.has("before") && d.has("after")).as(d.toString()).isTrue();
            assertThat(d.get("before")).as(d.toString()).isNotEqualTo(d.get("after"));
        }

        for (String identical : new String[] {"optimized_logical_proto", "physical_proto"}) {
            assertThat(roundtrip.at("/" + identical + "/status").asText()).isEqualTo("identical");
            assertThat(roundtrip.get(identical).has("difference")).as(identical).isFalse();
        }
    }
}
