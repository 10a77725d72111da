package dev.planprovenance.service.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.support.EndToEndTest;
import dev.planprovenance.service.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A capture over every shared Delta fixture through HTTP, under the service's default (strict) policy: tables the
 * gate allows plan (201 with a delta_snapshot_hash), tables it refuses answer 422 delta-protocol-refused, and a
 * snapshot whose data files are missing answers 422 delta-table-unreadable.
 */
class DeltaEveryFixtureCaptureTest extends EndToEndTest {
    /** Refused under the strict policy: deletion vectors on active files, column mapping by id, unknown readers. */
    private static final Set<String> REFUSED = Set.of("table-with-columnmapping-mode-id", "basic-dv-no-checkpoint",
            "dv-partitioned-with-checkpoint", "dv-with-columnmapping", "table-with-dv-small", "catalog-owned-preview",
            "deltalog-invalid-protocol-version");

    /** Log-only fixture: its log names a data file the fixture does not ship. */
    private static final Set<String> MISSING_FILES = Set.of("checkpoint");

    static Stream<String> fixtures() throws Exception {
        try (Stream<Path> tables = Files.list(DeltaFixtures.root())) {
            return tables.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void gateDecidesAndAllowedTablesPlan(String fixture) throws Exception {
        Path copy = DeltaFixtures.copy(fixture, DATA.resolve("every-" + UUID.randomUUID()).resolve(fixture));
        Map<String, Object> table = Map.of("name", "t", "format", "delta", "location", copy.toString());
        Http.Response response = http.post("/v1/captures",
                Map.of("plan_name", "delta-" + fixture, "sql", "SELECT count(*) FROM t", "tables", List.of(table)));
        if (MISSING_FILES.contains(fixture)) {
            assertThat(response.status()).as(response.body().toString()).isEqualTo(422);
            assertThat(response.body().path("type").asString()).endsWith("/delta-table-unreadable");
            assertThat(response.body().path("detail").asString()).contains("missing");
        } else if (REFUSED.contains(fixture)) {
            assertThat(response.status()).as(response.body().toString()).isEqualTo(422);
            assertThat(response.body().path("type").asString()).endsWith("/delta-protocol-refused");
        } else {
            assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
            assertThat(response.body().path("identity").path("delta_snapshot_hash").asString()).matches("[0-9a-f]{64}");
        }
    }
}
