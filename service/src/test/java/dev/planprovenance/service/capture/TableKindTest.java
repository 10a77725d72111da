package dev.planprovenance.service.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.planprovenance.service.api.model.ColumnDefinition;
import dev.planprovenance.service.api.model.DeclaredStatistics;
import dev.planprovenance.service.api.model.TableReference;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table shapes the one-object OpenAPI schema cannot express are told apart, and mixtures refused. */
class TableKindTest {

    @Test
    void eachValidShapeIsRecognised() {
        assertThat(TableKind.of(parquet())).isEqualTo(TableKind.PARQUET);
        assertThat(TableKind.of(schemaOnly())).isEqualTo(TableKind.SCHEMA_ONLY);
        assertThat(TableKind.of(schemaOnly().statistics(new DeclaredStatistics().numRows(10L))))
                .isEqualTo(TableKind.SCHEMA_ONLY);
        assertThat(TableKind.of(new TableReference("v").view("SELECT 1"))).isEqualTo(TableKind.VIEW);
        assertThat(TableKind.of(new TableReference("d").format(TableReference.FormatEnum.DELTA).location("/d")
                .version(3L))).isEqualTo(TableKind.EXTERNAL);
    }

    @Test
    void mixturesAreRefusedNamingTheTable() {
        refused(new TableReference("t"), "give either 'format' and 'location', a 'schema', or a 'view'");
        refused(parquet().location(null), "format 'parquet' needs a 'location'");
        refused(parquet().version(1L), "'version' and 'timestamp' apply to Delta tables only");
        refused(schemaOnly().location("/x"), "a schema-only table takes 'schema'");
        refused(new TableReference("t").view("SELECT 1").location("/x"), "a view takes only 'name' and 'view'");
        refused(new TableReference("t").view("  "), "'view' must hold a SELECT");
        refused(parquet().schema(schemaOnly().getSchema()), "'schema' and 'statistics' describe schema-only tables");
        refused(new TableReference("t").format(TableReference.FormatEnum.DELTA).location("/d").version(1L)
                .timestamp(OffsetDateTime.now()), "give 'version' or 'timestamp', not both");
    }

    private static void refused(TableReference table, String message) {
        assertThatThrownBy(() -> TableKind.of(table))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
                    assertThat(e.getMessage()).startsWith("Table 't': ").contains(message);
                });
    }

    private static TableReference parquet() {
        return new TableReference("t").format(TableReference.FormatEnum.PARQUET).location("/data/t/");
    }

    private static TableReference schemaOnly() {
        return new TableReference("t").schema(List.of(new ColumnDefinition("a", "BIGINT")));
    }
}
