package dev.planprovenance.service.whatif;

import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.CaptureRequest;
import dev.planprovenance.service.api.model.DeclaredStatistics;
import dev.planprovenance.service.api.model.TableReference;
import dev.planprovenance.service.capture.CaptureLabels;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.store.CanonicalJson;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The capture request of a recapture: the source capture's stored request (SQL, tables, profile, config overrides,
 * as GET /v1/captures/{id} answers them) with the what-if applied. The result is checked against the contract of
 * POST /v1/captures, so a recapture is refused exactly where the same request sent there would be.
 */
@Component
class RecaptureRequests {
    private final CanonicalJson json;
    private final Validator validator;

    RecaptureRequests(CanonicalJson json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    CaptureRequest build(Capture source, WhatIf whatIf) {
        CaptureRequest request = new CaptureRequest(source.getPlanName(), source.getSql());
        request.setEnvironment(whatIf.environment());
        request.setProfile(whatIf.profile() != null ? whatIf.profile()
                : source.getProfile() != null ? source.getProfile() : "default");
        request.setTables(tables(source, whatIf.statistics()));
        Map<String, String> config = new LinkedHashMap<>(source.getConfig() == null ? Map.of() : source.getConfig());
        config.putAll(whatIf.config());
        request.setConfig(config);
        Map<String, String> labels = new LinkedHashMap<>(whatIf.labels());
        labels.put(CaptureLabels.RECAPTURE_OF, source.getId().toString());
        request.setLabels(labels);
        Set<ConstraintViolation<CaptureRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) throw new ConstraintViolationException(violations);
        return request;
    }

    /**
     * The source's tables, each schema-only table named in {@code statistics} with those declared statistics instead
     * of its own. Only a schema-only table declares statistics: a Parquet or Delta table's come from its files, and a
     * view has none, so naming any other table (or one the source does not have) is refused, naming the table.
     */
    private List<TableReference> tables(Capture source, Map<String, DeclaredStatistics> statistics) {
        List<TableReference> stored = source.getTables() == null ? List.of() : source.getTables();
        Map<String, TableReference> byName = new LinkedHashMap<>();
        // Table names are case-insensitive, as TableRegistrar treats them.
        stored.forEach(t -> byName.put(lower(t.getName()), t));
        for (String name : statistics.keySet()) {
            TableReference table = byName.get(lower(name));
            if (table == null) {
                throw ProblemException.invalid("Statistics for table '" + name + "': capture " + source.getId()
                        + " has no table of that name.");
            }
            if (!schemaOnly(table)) {
                throw ProblemException.invalid("Statistics for table '" + name + "': in capture " + source.getId()
                        + " it is not a schema-only table, and only schema-only tables declare their statistics.");
            }
        }
        List<TableReference> tables = new ArrayList<>();
        for (TableReference table : stored) {
            DeclaredStatistics replacement = replacement(statistics, table.getName());
            if (replacement == null) {
                tables.add(table);
            } else {
                // A copy: the source's reference is left as read.
                TableReference replaced = json.mapper().convertValue(table, TableReference.class);
                replaced.setStatistics(replacement);
                tables.add(replaced);
            }
        }
        return tables;
    }

    private static DeclaredStatistics replacement(Map<String, DeclaredStatistics> statistics, String table) {
        for (Map.Entry<String, DeclaredStatistics> e : statistics.entrySet()) {
            if (lower(e.getKey()).equals(lower(table))) return e.getValue();
        }
        return null;
    }

    /** A stored reference without a format or a view is a schema-only table (the capture validated its shape). */
    private static boolean schemaOnly(TableReference table) {
        return table.getFormat() == null && table.getView() == null;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
