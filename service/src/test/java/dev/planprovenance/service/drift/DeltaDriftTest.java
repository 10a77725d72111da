package dev.planprovenance.service.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.delta.DeltaFixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The same query over two versions of a Delta table (a shared fixture with three commits): the delta input. */
class DeltaDriftTest extends DriftEndToEndTest {

    @Test
    void anotherDeltaVersionIsTheDeltaInput() throws Exception {
        String fixture = "time-travel-start-start20-start40";
        String location = DeltaFixtures.copy(fixture, DATA.resolve("drift-delta-" + UUID.randomUUID()).resolve(fixture))
                .toString();
        JsonNode a = capture(request(location, 1));
        JsonNode b = capture(request(location, 2));
        JsonNode report = drift(a, b);
        assertThat(strings(report.at("/cause/inputs_changed"))).containsExactly("delta");
        JsonNode tables = report.at("/components/delta/tables");
        assertThat(tables).hasSize(1);
        assertThat(tables.get(0).path("table").asString()).isEqualTo("tt");
        assertThat(tables.get(0).path("from_version").asLong()).isEqualTo(1);
        assertThat(tables.get(0).path("to_version").asLong()).isEqualTo(2);
        long filesFrom = artifact(a, "delta").at("/content/tables/tt/snapshot/file_set/files").asLong();
        long filesTo = artifact(b, "delta").at("/content/tables/tt/snapshot/file_set/files").asLong();
        assertThat(tables.get(0).path("files_added").asLong()).isEqualTo(Math.max(filesTo - filesFrom, 0));
        assertThat(report.at("/cause/summary").asString()).contains("delta", "tt v1→v2");
        // The new version's files are in the scan the physical planner makes: the plans differ before any rule.
        assertDivergenceMatchesExplain(report.at("/first_diverging_rule/physical"), a, b, "physical_plan after ",
                "initial_physical_plan");
        assertThat(report.at("/first_diverging_rule/physical/kind").asString()).isEqualTo("planning");
        assertTreeEdit(report, a, b, "physical_plan", "DataSourceExec", null);
    }

    private static Map<String, Object> request(String location, long version) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("name", "tt");
        table.put("format", "delta");
        table.put("location", location);
        table.put("version", version);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan_name", "drift-delta");
        body.put("environment", "ci");
        body.put("sql", "SELECT id FROM tt WHERE id > 5");
        body.put("tables", List.of(table));
        return body;
    }
}
