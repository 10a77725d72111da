package dev.planprovenance.service.bench;

import dev.planprovenance.service.api.model.CauseSummary;
import dev.planprovenance.service.api.model.FirstDivergingRule;
import dev.planprovenance.service.store.CanonicalJson;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes the store-scale benchmark's history in bulk: P plans (each one TPC-H query), N capture rows over the last 90
 * days in two environments ({@code prod}, {@code staging}), by COPY. Each row references the request, profile and
 * component set of one real capture ({@link StoreScaleTemplates}), exactly as a repeat capture of that plan does. A plan
 * alternates between two variants of its query a few times per environment, so its identity changes now and then
 * (the V10 trigger links each change to the capture before it as it would for a capture over HTTP), and a quarter of
 * the plans end on another variant in staging than in prod (a change being tried in staging).
 */
final class StoreScaleLoader {
    record Loaded(List<String> planNames) {}

    /** Two real captures whose component sets a drift event's captures reference. */
    record Pair(UUID from, UUID to) {}

    record Cause(CauseSummary cause, FirstDivergingRule firstDivergingRule) {}

    /** What a bulk row copies from a real capture. */
    private record Row(String identity, String request, String profile, String set, int version) {}

    private static final String PREFIX = "scale-";
    /** Plans per COPY statement: each statement takes one advisory lock per (plan, environment) (V10's trigger). */
    private static final int PLANS_PER_COPY = 100;
    private static final Duration SPAN = Duration.ofDays(90);

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final int variants;
    /** By query (1-22), then variant. */
    private final Map<Integer, List<Row>> rows = new HashMap<>();
    /** Component set key (hex) to the real capture that stored it. */
    private final Map<String, UUID> captureBySet = new HashMap<>();

    StoreScaleLoader(JdbcClient jdbc, DataSource dataSource, List<StoreScaleTemplates.Template> templates,
            int variants) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.variants = variants;
        for (StoreScaleTemplates.Template t : templates) {
            Row row = jdbc.sql("""
                            SELECT plan_identity_hash, encode(request_key, 'hex') AS request,
                                   encode(runtime_profile_key, 'hex') AS profile,
                                   encode(component_set_key, 'hex') AS set, artifact_schema_version
                            FROM capture WHERE id = :id""")
                    .param("id", t.captureId())
                    .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5)))
                    .single();
            rows.computeIfAbsent(t.query(), q -> new ArrayList<>()).add(t.variant(), row);
            captureBySet.putIfAbsent(row.set(), t.captureId());
        }
    }

    Loaded load(int plans, int captures) throws Exception {
        jdbc.sql("INSERT INTO plan (name) SELECT :prefix || lpad(g::text, 5, '0') FROM generate_series(0, :n - 1) g")
                .param("prefix", PREFIX).param("n", plans).update();
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        jdbc.sql("SELECT id, name FROM plan WHERE name LIKE :prefix || '%' ORDER BY name")
                .param("prefix", PREFIX)
                .query(rs -> {
                    ids.add(rs.getLong(1));
                    names.add(rs.getString(2));
                });
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minus(SPAN).minusHours(1);
        for (int from = 0; from < plans; from += PLANS_PER_COPY) {
            StringBuilder copy = new StringBuilder();
            for (int i = from; i < Math.min(plans, from + PLANS_PER_COPY); i++) {
                int n = captures / plans + (i < captures % plans ? 1 : 0);
                int prod = (n + 1) / 2;
                history(copy, i, ids.get(i), "prod", prod, i % 3, start);
                // A quarter of the plans end on the other variant in staging (one change); the rest change 0 or 2 times.
                int stagingSwitches = i % 4 == 0 ? 1 : 2 * (i % 2);
                history(copy, i, ids.get(i), "staging", n - prod, stagingSwitches,
                        start.plusMinutes(30));
            }
            copyIn(copy.toString());
        }
        return new Loaded(names);
    }

    /** The {@code n} captures of plan {@code i} in one environment, oldest first, switching variant {@code switches} times. */
    private void history(StringBuilder copy, int i, long planId, String environment, int n, int switches,
            OffsetDateTime start) {
        int query = i % 22 + 1;
        int base = (i / 22) % variants;
        int other = (base + 1 + (i / (22 * variants)) % (variants - 1)) % variants;
        int s = Math.min(switches, n - 1);
        long step = SPAN.toMillis() / n;
        for (int j = 0; j < n; j++) {
            int passed = 0;
            for (int k = 0; k < s; k++) if (j >= (k + 1) * n / (s + 1)) passed++;
            Row row = rows.get(query).get(passed % 2 == 0 ? base : other);
            OffsetDateTime created = start.plusNanos((j * step + i) * 1_000_000L);
            copy.append(UUID.randomUUID()).append('\t').append(planId).append('\t').append(environment).append('\t')
                    .append(created).append('\t').append(row.version()).append('\t').append(row.identity())
                    .append("\t\\\\x").append(row.request()).append("\t\\\\x").append(row.profile())
                    .append("\t\\\\x").append(row.set()).append("\t{}\n");
        }
    }

    private void copyIn(String rows) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    COPY capture (id, plan_id, environment, created_at, artifact_schema_version, plan_identity_hash,
                                  request_key, runtime_profile_key, component_set_key, labels) FROM STDIN""",
                    new StringReader(rows));
        }
    }

    /**
     * The drift events of the bulk history: the real drift service's cause for each distinct pair of component sets
     * an identity change went between (computed once per pair, on the real captures that stored them), then every
     * event by one INSERT ... SELECT joining the changes to those causes, detected when the capture was taken.
     */
    int recordEvents(Function<Pair, Cause> causes, CanonicalJson json) {
        List<String[]> pairs = jdbc.sql("""
                        SELECT DISTINCT encode(f.component_set_key, 'hex'), encode(t.component_set_key, 'hex')
                        FROM capture t JOIN capture f ON f.id = t.drift_from_capture_id
                        JOIN plan p ON p.id = t.plan_id
                        WHERE p.name LIKE :prefix || '%'""")
                .param("prefix", PREFIX)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
        if (pairs.isEmpty()) return 0;
        List<String> values = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            String[] pair = pairs.get(i);
            Cause cause = causes.apply(new Pair(captureBySet.get(pair[0]), captureBySet.get(pair[1])));
            List<String> inputs = cause.cause().getInputsChanged().stream()
                    .map(CauseSummary.InputsChangedEnum::getValue).toList();
            values.add("(decode(:f" + i + ", 'hex'), decode(:t" + i + ", 'hex'), CAST(:c" + i + " AS jsonb), CAST(:r"
                    + i + " AS jsonb), CAST(:i" + i + " AS text[]))");
            params.put("f" + i, pair[0]);
            params.put("t" + i, pair[1]);
            params.put("c" + i, json.write(cause.cause()));
            params.put("r" + i, cause.firstDivergingRule() == null ? null : json.write(cause.firstDivergingRule()));
            params.put("i" + i, "{" + String.join(",", inputs) + "}");
        }
        return jdbc.sql("""
                        INSERT INTO drift_event (plan_name, environment, from_capture_id, to_capture_id, detected_at,
                                                 cause, first_diverging_rule, inputs)
                        SELECT p.name, t.environment, f.id, t.id, t.created_at, v.cause, v.rule, v.inputs
                        FROM capture t JOIN capture f ON f.id = t.drift_from_capture_id
                        JOIN plan p ON p.id = t.plan_id
                        JOIN (VALUES """ + String.join(",\n", values) + """
                        ) AS v (from_set, to_set, cause, rule, inputs)
                          ON v.from_set = f.component_set_key AND v.to_set = t.component_set_key
                        WHERE p.name LIKE :prefix || '%'
                        ORDER BY t.created_at
                        ON CONFLICT (to_capture_id) DO NOTHING""")
                .params(params)
                .param("prefix", PREFIX)
                .update();
    }
}
