package dev.planprovenance.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.planprovenance.service.api.model.ComponentName;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One list of component names: openapi.yaml's, which the generated enum, the store and the read path all use. */
class ComponentTest {

    @Test
    void theEnginesComponentsAreNamedByTheApiInItsOrder() {
        assertThat(Arrays.stream(Component.values()).map(Component::apiName))
                .containsExactly("planning-env", "rulepack", "explain", "plans", "statistics", "schema", "udfs",
                        "audit", "plan-tree");
        for (Component component : Component.values()) {
            assertThat(Component.named(component.apiName()).flatMap(Component::of)).contains(component);
        }
        List<ComponentName> order = Arrays.stream(Component.values())
                .map(c -> Component.named(c.apiName()).orElseThrow()).toList();
        assertThat(order).isSorted();
    }

    /** The engine's contract names its own components too (engine.proto): both lists are the same names. */
    @Test
    void theStoresComponentsAreTheEnginesContractComponents() {
        List<String> contract = Arrays.stream(dev.planprovenance.engine.contract.ComponentName.values())
                .filter(c -> c != dev.planprovenance.engine.contract.ComponentName.COMPONENT_NAME_UNSPECIFIED
                        && c != dev.planprovenance.engine.contract.ComponentName.UNRECOGNIZED)
                .map(c -> c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .toList();
        assertThat(Arrays.stream(Component.values()).map(Component::apiName)).containsExactlyElementsOf(contract);
    }

    @Test
    void everyOtherNameIsAnExternalComponent() {
        assertThat(Arrays.stream(ComponentName.values()).filter(c -> Component.of(c).isEmpty()))
                .containsExactly(ComponentName.DELTA);
        assertThat(Component.named("no-such-component")).isEmpty();
    }

    @Test
    void theArtifactPathParameterTakesExactlyTheComponentNames() {
        String spec = System.getProperty("provenance.openapi", "../openapi/openapi.yaml");
        OpenAPI api = new OpenAPIV3Parser().read(spec);
        Parameter component = api.getPaths().get("/v1/captures/{id}/artifacts/{component}").getGet().getParameters()
                .stream().filter(p -> p.getName().equals("component")).findFirst().orElseThrow();
        assertThat(component.getSchema().getEnum())
                .containsExactlyElementsOf(Arrays.stream(ComponentName.values()).map(ComponentName::getValue).toList());
    }
}
