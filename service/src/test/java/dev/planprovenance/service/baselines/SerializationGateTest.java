package dev.planprovenance.service.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.api.model.CheckVerdict;
import dev.planprovenance.service.api.model.CheckedComponent;
import dev.planprovenance.service.api.model.ComponentCheck;
import dev.planprovenance.service.api.model.DriftReport;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.CheckResult;
import dev.planprovenance.service.api.model.FidelityChange;
import dev.planprovenance.service.api.model.FidelityDifference;
import dev.planprovenance.service.api.model.FidelityDrift;
import dev.planprovenance.service.drift.DriftService;
import dev.planprovenance.service.support.Requests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * plan holds), with where its canonical forms differ; so the regression is "substrait: identical -> differs" carrying
 * the difference the capture recorded, and the failure must name its first path with both values.
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
        JsonNode recorded = roundtrip.at("/substrait/difference");
        assertThat(recorded.isArray() && !recorded.isEmpty()).as(roundtrip.toString()).isTrue();
        List<FidelityDifference> difference = new ArrayList<>();
        recorded.forEach(d -> difference.add(new FidelityDifference(d.get("path").asString())
                .before(text(d.get("before"))).after(text(d.get("after")))));
        FidelityDifference first = difference.get(0);
        assertThat(first.getPath()).startsWith("/");
        assertThat(first.getBefore()).isNotEqualTo(first.getAfter());
        DriftReport report = drift.between(UUID.fromString(id(baseline)), UUID.fromString(id(checked)), 0.0);
        assertThat(verdict(ComponentVerdicts.of(report, Map.of()))).isEqualTo(CheckVerdict.PASS);

        report.getComponents().setSerialization(new FidelityDrift(DriftStatus.CHANGED,
                List.of(new FidelityChange("substrait").from("identical").to("differs").difference(difference))));
        List<ComponentCheck> regressed = ComponentVerdicts.of(report, Map.of());
        ComponentCheck serialization = of(regressed, CheckedComponent.SERIALIZATION);
        assertThat(serialization.getVerdict()).isEqualTo(CheckVerdict.FAIL);
        String where = "first difference at " + first.getPath() + ": " + first.getBefore() + " -> " + first.getAfter();
        assertThat(serialization.getDetail()).contains("substrait round trip: identical -> differs, " + where);
        assertThat(serialization.getMessage()).contains("substrait " + where);
        // The JUnit report's failure carries it too (message attribute and text).
        CheckResult result = new CheckResult(UUID.randomUUID(), "gate-serialization-q1", "default",
                UUID.fromString(id(checked)), CheckVerdict.FAIL, regressed, OffsetDateTime.now(ZoneOffset.UTC));
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        JUnitXml.write(List.of(result), xml);
        String junit = xml.toString(StandardCharsets.UTF_8);
        assertThat(junit).contains("name=\"serialization\"").contains(xmlEscaped(first.getPath()));
        assertThat(junit.substring(junit.indexOf("name=\"serialization\""))).contains("<failure");
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

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asString() : value.toString();
    }

    private static String xmlEscaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static CheckVerdict verdict(List<ComponentCheck> checks) {
        return CheckService.worst(checks.stream().map(ComponentCheck::getVerdict).toList());
    }

    private static ComponentCheck of(List<ComponentCheck> checks, CheckedComponent component) {
        return checks.stream().filter(c -> c.getComponent() == component).findFirst().orElseThrow();
    }
}
