package dev.planprovenance.service.capture;

import dev.planprovenance.engine.ColumnSpec;
import dev.planprovenance.engine.ColumnStatistics;
import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.engine.ExternalComponent;
import dev.planprovenance.engine.TableStatistics;
import dev.planprovenance.service.api.model.ColumnDefinition;
import dev.planprovenance.service.api.model.DeclaredStatistics;
import dev.planprovenance.service.api.model.TableReference;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import dev.planprovenance.service.store.CanonicalJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns the request's table references into engine registrations: Parquet and schema-only tables first, then
 * tables of external formats, then views in the order given (a view may use any table or an earlier view).
 */
@Component
public class TableRegistrar {
    private final Map<String, ExternalTableSource> sources;
    private final CanonicalJson json;

    public TableRegistrar(List<ExternalTableSource> sources, CanonicalJson json) {
        sources.forEach(TableRegistrar::checkComponent);
        this.sources = sources.stream().collect(Collectors.toMap(ExternalTableSource::format, Function.identity()));
        this.json = json;
    }

    /** A source's component must be one the API names and the store keeps as external: checked at startup. */
    private static void checkComponent(ExternalTableSource source) {
        if (dev.planprovenance.service.store.Component.external(source.component()).isEmpty()) {
            throw new IllegalStateException("table format '" + source.format() + "' describes its tables as component '"
                    + source.component() + "', which is not an external component of openapi.yaml's ComponentName"
                    + " (named there, and not one of the engine's own)");
        }
    }

    /** Checks every reference before anything touches the engine, so a bad request costs no runtime. */
    public void validate(List<TableReference> tables) {
        Set<String> names = new HashSet<>();
        for (TableReference table : tables) {
            if (!names.add(table.getName().toLowerCase(Locale.ROOT))) {
                throw ProblemException.invalid("Table '" + table.getName() + "' is declared twice.");
            }
            TableKind kind = TableKind.of(table);
            if (kind == TableKind.SCHEMA_ONLY) {
                checkStatistics(table);
                checkKeys(table);
            }
            if (kind == TableKind.EXTERNAL && !sources.containsKey(table.getFormat().getValue())) {
                throw new ProblemException(ProblemType.TABLE_REFUSED, "Table '" + table.getName() + "': format '"
                        + table.getFormat().getValue() + "' is not supported by this service.");
            }
        }
    }

    /** Registers every table; returns the external components (one per source, its tables' descriptions). */
    public List<ExternalComponent> register(EngineSession session, List<TableReference> tables) {
        Map<ExternalTableSource, Map<String, Object>> external = new TreeMap<>(Comparator.comparing(ExternalTableSource::component));
        for (TableReference table : tables) {
            switch (TableKind.of(table)) {
                case PARQUET -> session.registerParquet(table.getName(), table.getLocation());
                case SCHEMA_ONLY -> session.registerSchemaOnly(table.getName(), columns(table.getSchema()),
                        statistics(table.getStatistics()), orEmpty(table.getPrimaryKey()), orEmpty(table.getUnique()));
                default -> { }
            }
        }
        for (TableReference table : tables) {
            if (TableKind.of(table) == TableKind.EXTERNAL) {
                ExternalTableSource source = sources.get(table.getFormat().getValue());
                external.computeIfAbsent(source, c -> new TreeMap<>())
                        .put(table.getName(), source.register(session, table));
            }
        }
        for (TableReference table : tables) {
            if (TableKind.of(table) == TableKind.VIEW) session.registerView(table.getName(), table.getView());
        }
        List<ExternalComponent> components = new ArrayList<>();
        external.forEach((source, described) -> components.add(
                new ExternalComponent(source.component(), source.hashName(), json.write(Map.of("tables", described)))));
        return components;
    }

    private static List<ColumnSpec> columns(List<ColumnDefinition> schema) {
        return schema.stream()
                .map(c -> new ColumnSpec(c.getName(), c.getType(), c.getNullable() == null || c.getNullable()))
                .toList();
    }

    private static TableStatistics statistics(DeclaredStatistics declared) {
        if (declared == null) return null;
        Map<String, ColumnStatistics> columns = new LinkedHashMap<>();
        if (declared.getColumns() != null) {
            declared.getColumns().forEach((name, c) -> columns.put(name,
                    new ColumnStatistics(c.getNullCount(), c.getMin(), c.getMax(), c.getDistinctCount())));
        }
        return new TableStatistics(declared.getNumRows(), declared.getTotalByteSize(), columns);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Each declared key names distinct columns of the schema (the engine checks again; this names the request). */
    private static void checkKeys(TableReference table) {
        Set<String> declaredColumns = table.getSchema().stream().map(ColumnDefinition::getName)
                .collect(Collectors.toSet());
        List<List<String>> keys = new ArrayList<>();
        if (!orEmpty(table.getPrimaryKey()).isEmpty()) keys.add(table.getPrimaryKey());
        keys.addAll(orEmpty(table.getUnique()));
        for (List<String> key : keys) {
            String kind = key == table.getPrimaryKey() ? "primary_key" : "unique";
            if (key == null || key.isEmpty()) {
                throw ProblemException.invalid("Table '" + table.getName() + "': a '" + kind
                        + "' constraint needs at least one column.");
            }
            Set<String> seen = new HashSet<>();
            for (String column : key) {
                if (!declaredColumns.contains(column)) {
                    throw ProblemException.invalid("Table '" + table.getName() + "': '" + kind + "' names column '"
                            + column + "', which is not in its schema.");
                }
                if (!seen.add(column)) {
                    throw ProblemException.invalid("Table '" + table.getName() + "': '" + kind + "' names column '"
                            + column + "' twice.");
                }
            }
        }
    }

    private static void checkStatistics(TableReference table) {
        DeclaredStatistics declared = table.getStatistics();
        if (declared == null || declared.getColumns() == null) return;
        Set<String> declaredColumns = table.getSchema().stream().map(ColumnDefinition::getName)
                .collect(Collectors.toSet());
        for (String column : declared.getColumns().keySet()) {
            if (!declaredColumns.contains(column)) {
                throw ProblemException.invalid("Table '" + table.getName() + "': statistics name column '" + column
                        + "', which is not in its schema.");
            }
        }
    }
}
