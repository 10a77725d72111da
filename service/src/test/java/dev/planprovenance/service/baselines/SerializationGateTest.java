package dev.planprovenance.service.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.api.model.CheckVerdict;
import dev.planprovenance.service.api.model.CheckedComponent;
import dev.planprovenance.service.api.model.ComponentCheck;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.FidelityChange;
import dev.planprovenance.service.api.model.FidelityDrift;
import dev.planprovenance.service.drift.DriftService;
import dev.planprovenance.service.support.Requests;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Serialization fidelity in the gate. The same plan with a different round-trip outcome cannot be produced honestly
 * end to end: the outcome is a function of the plan and the engine build (the runtime even remembers it per plan
 * bytes), so two captures of one plan on one build always agree. The verdict is therefore checked on the real drift
 * report of two real captures (whose stored round trips are all identical) with its serialization component as the
 * drift report's SerializationDiff states an outcome change. The outcomes are real ones: q1's physical proto round trip
 * is stored as identical and its Substrait round trip as differs (Substrait does not carry everything the optimized
 * plan holds), so the regression is "physical_proto: identical -> differs".
 */
class SerializationGateTest extends GateEndToEndTest {
    @Autowired DriftService drift;

    @Test
    void aRoundTripThatWasIdenticalAndNoLongerIsFailsTheGate() throws Exception {
        Map<String, Object> request = Requests.schemaOnly("gate-serialization-q1", 1);
        JsonNode baseline = capture(request);
        JsonNode checked = capture(request);
        JsonNode roundtrip = http.get("/v1/captures/" + id(baseline) + "/artifacts/plans").body()
                .at("/content/roundtrip");
        assertThat(roundtrip.at("/physical_proto/status").asString()).isEqualTo("identical");
        assertThat(roundtrip.at("/substrait/status").asString()).isEqualTo("differs");
        DriftReport report = drift.between(UUID.fromString(id(baseline)), UUID.fromString(id(checked)), 0.0);
        assertThat(verdict(ComponentVerdicts.of(report, Map.of()))).isEqualTo(CheckVerdict.PASS);

        report.getComponents().setSerialization(new FidelityDrift(DriftStatus.CHANGED,
                List.of(new FidelityChange("physical_proto").from("identical").to("differs"))));
        List<ComponentCheck> regressed = ComponentVerdicts.of(report, Map.of());
        ComponentCheck serialization = of(regressed, CheckedComponent.SERIALIZATION);
        assertThat(serialization.getVerdict()).isEqualTo(CheckVerdict.FAIL);
        assertThat(serialization.getDetail()).contains("physical_proto round trip: identical -> differs");
        assertThat(serialization.getMessage()).isNotBlank();
        assertThat(CheckService.worst(regressed.stream().map(ComponentCheck::getVerdict).toList()))
                .isEqualTo(CheckVerdict.FAIL);
        assertThat(verdict(ComponentVerdicts.of(report, Map.of(CheckedComponent.SERIALIZATION, Tolerance.IGNORE))))
                .isEqualTo(CheckVerdict.TOLERATED);

        // A round trip that got better is a difference, not a regression.
        report.getComponents().setSerialization(new FidelityDrift(DriftStatus.CHANGED,
                List.of(new FidelityChange("substrait").from("differs").to("identical"))));
        assertThat(of(ComponentVerdicts.of(report, Map.of()), CheckedComponent.SERIALIZATION).getVerdict())
                .isEqualTo(CheckVerdict.TOLERATED);
    }

    private static CheckVerdict verdict(List<ComponentCheck> checks) {
        return CheckService.worst(checks.stream().map(ComponentCheck::getVerdict).toList());
    }

    private static ComponentCheck of(List<ComponentCheck> checks, CheckedComponent component) {
        return checks.stream().filter(c -> c.getComponent() == component).findFirst().orElseThrow();
    }
}
