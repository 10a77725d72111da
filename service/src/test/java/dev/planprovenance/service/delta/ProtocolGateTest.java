package dev.planprovenance.service.delta;

import static dev.planprovenance.service.delta.GateOutcome.Status.COMPATIBLE;
import static dev.planprovenance.service.delta.GateOutcome.Status.DOWNGRADED;
import static dev.planprovenance.service.delta.GateOutcome.Status.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.delta.ProtocolGate.Facts;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The gate decides per feature, from the protocol: every feature here on a synthetic protocol, no table needed. */
class ProtocolGateTest {

    private static final ProtocolGate STRICT = new ProtocolGate(GatePolicy.STRICT);
    private static final ProtocolGate DOWNGRADE = new ProtocolGate(GatePolicy.DOWNGRADE);

    private static DeltaProtocol features(String... readerFeatures) {
        return DeltaProtocol.of(3, 7, List.of(readerFeatures), List.of(readerFeatures));
    }

    private static Facts facts(String mode, long dvFiles, List<String> widened) {
        return new Facts(mode, 10, dvFiles, dvFiles * 3, widened, null);
    }

    private static final Facts PLAIN = facts("none", 0, List.of());

    @ParameterizedTest
    @ValueSource(strings = {"timestampNtz", "v2Checkpoint", "vacuumProtocolCheck"})
    void featuresThatDoNotChangeTheDataFilesAreCompatible(String feature) {
        assertThat(STRICT.evaluate(features(feature), PLAIN).status()).isEqualTo(COMPATIBLE);
        assertThat(STRICT.evaluate(features(feature), PLAIN).features()).containsKey(feature);
    }

    @ParameterizedTest
    @ValueSource(strings = {"variantType", "variantType-preview", "variantShredding-preview", "catalogManaged",
            "catalogOwned-preview", "someFutureReaderFeature"})
    void featuresThisReaderCannotHonourAreRefusedUnderBothPolicies(String feature) {
        for (ProtocolGate gate : List.of(STRICT, DOWNGRADE)) {
            GateOutcome outcome = gate.evaluate(features("timestampNtz", feature), PLAIN);
            assertThat(outcome.status()).isEqualTo(REFUSED);
            assertThat(outcome.refusedFeatures()).containsExactly(feature);
            assertThat(outcome.message()).contains(feature);
        }
    }

    @Test
    void anUnknownReaderFeatureIsNamedAsUnknown() {
        GateOutcome outcome = DOWNGRADE.evaluate(features("someFutureReaderFeature"), PLAIN);
        assertThat(outcome.message()).contains("someFutureReaderFeature: unknown reader feature");
    }

    @Test
    void readerVersionsAboveThreeAreRefused() {
        GateOutcome outcome = DOWNGRADE.evaluate(DeltaProtocol.of(4, 7, List.of(), List.of()), PLAIN);
        assertThat(outcome.status()).isEqualTo(REFUSED);
        assertThat(outcome.refusedFeatures()).containsExactly("readerVersion=4");
        assertThat(outcome.message()).contains("reader version 4");
    }

    @Test
    void deletionVectorsInActiveFilesAreRefusedOrKnowinglyDowngraded() {
        Facts withDv = facts("none", 2, List.of());
        GateOutcome strict = STRICT.evaluate(features("deletionVectors"), withDv);
        assertThat(strict.status()).isEqualTo(REFUSED);
        assertThat(strict.message()).contains("2 of 10 active files carry deletion vectors", "6 deleted rows");
        GateOutcome downgrade = DOWNGRADE.evaluate(features("deletionVectors"), withDv);
        assertThat(downgrade.status()).isEqualTo(DOWNGRADED);
        assertThat(downgrade.reasons()).singleElement().asString().contains("returns the deleted rows");
    }

    @Test
    void theDeletionVectorFeatureWithoutAnyVectorIsAnExactDowngrade() {
        for (ProtocolGate gate : List.of(STRICT, DOWNGRADE)) {
            GateOutcome outcome = gate.evaluate(features("deletionVectors"), PLAIN);
            assertThat(outcome.status()).isEqualTo(DOWNGRADED);
            assertThat(outcome.reasons()).singleElement().asString().contains("no active file carries");
        }
    }

    @Test
    void columnMappingByNameIsSupportedAndByIdOnlyDowngraded() {
        assertThat(STRICT.evaluate(features("columnMapping"), facts("name", 0, List.of())).status())
                .isEqualTo(COMPATIBLE);
        assertThat(STRICT.evaluate(features("columnMapping"), facts("none", 0, List.of())).status())
                .isEqualTo(COMPATIBLE);
        assertThat(STRICT.evaluate(features("columnMapping"), facts("id", 0, List.of())).status()).isEqualTo(REFUSED);
        assertThat(DOWNGRADE.evaluate(features("columnMapping"), facts("id", 0, List.of())).reasons())
                .singleElement().asString().contains("not by field id");
        // Reader version 2 implies column mapping without listing it.
        assertThat(STRICT.evaluate(DeltaProtocol.of(2, 5, List.of(), List.of()), facts("name", 0, List.of()))
                .features()).containsKey("columnMapping");
    }

    @ParameterizedTest
    @ValueSource(strings = {"typeWidening", "typeWidening-preview"})
    void typeWideningIsCompatibleUntilAColumnIsWidened(String feature) {
        assertThat(STRICT.evaluate(features(feature), PLAIN).status()).isEqualTo(COMPATIBLE);
        Facts widened = facts("none", 0, List.of("amount"));
        assertThat(STRICT.evaluate(features(feature), widened).status()).isEqualTo(REFUSED);
        GateOutcome downgrade = DOWNGRADE.evaluate(features(feature), widened);
        assertThat(downgrade.status()).isEqualTo(DOWNGRADED);
        assertThat(downgrade.message()).contains("[amount] were widened");
    }

    @Test
    void writerOnlyFeaturesDoNotAffectReads() {
        DeltaProtocol protocol = DeltaProtocol.of(1, 7, List.of(), List.of("rowTracking", "someFutureWriterFeature"));
        GateOutcome outcome = STRICT.evaluate(protocol, PLAIN);
        assertThat(outcome.status()).isEqualTo(COMPATIBLE);
        assertThat(outcome.features()).containsEntry("someFutureWriterFeature",
                "writer-only: does not change what a reader sees");
    }

    @Test
    void readerFeaturesListedBelowReaderVersionThreeAreNotInForce() {
        // Delta only reads readerFeatures from reader version 3 on.
        DeltaProtocol protocol = DeltaProtocol.of(1, 2, List.of("variantType"), List.of());
        assertThat(protocol.effectiveReaderFeatures()).isEmpty();
        assertThat(STRICT.evaluate(protocol, PLAIN).status()).isEqualTo(COMPATIBLE);
    }

    @Test
    void aProtocolKernelCannotLoadIsRefusedEvenIfTheGateWouldReadIt() {
        Facts kernelRefused = new Facts("unknown", 0, 0, 0, List.of(), "Kernel said no");
        GateOutcome outcome = DOWNGRADE.evaluate(features("timestampNtz"), kernelRefused);
        assertThat(outcome.status()).isEqualTo(REFUSED);
        assertThat(outcome.message()).contains("Kernel said no");
    }
}
