package dev.planprovenance.service.capture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.service.api.model.TableReference;
import dev.planprovenance.service.delta.DeltaTableSource;
import dev.planprovenance.service.store.CanonicalJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** External table sources are plug-ins: one whose component the API and the store cannot keep never starts. */
class TableRegistrarTest {

    @Test
    void theDeltaSourceDescribesAnExternalComponent() {
        assertThatCode(() -> new TableRegistrar(List.of(new DeltaTableSource(null)), new CanonicalJson()))
                .doesNotThrowAnyException();
    }

    @Test
    void aSourceWhoseComponentTheApiDoesNotNameIsRefusedAtStartup() {
        assertThatThrownBy(() -> new TableRegistrar(List.of(source("iceberg", "iceberg")), new CanonicalJson()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'iceberg'");
    }

    @Test
    void aSourceMayNotDescribeItsTablesAsOneOfTheEnginesComponents() {
        assertThatThrownBy(() -> new TableRegistrar(List.of(source("fancy", "plans")), new CanonicalJson()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("engine's own");
    }

    private static ExternalTableSource source(String format, String component) {
        return new ExternalTableSource() {
            @Override
            public String format() {
                return format;
            }

            @Override
            public String component() {
                return component;
            }

            @Override
            public String hashName() {
                return component + "_hash";
            }

            @Override
            public Object register(EngineSession session, TableReference table) {
                throw new AssertionError("not registered in this test");
            }
        };
    }
}
