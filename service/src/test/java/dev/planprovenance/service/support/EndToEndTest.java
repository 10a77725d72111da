package dev.planprovenance.service.support;

import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.engine.tpch.TpchData;
import dev.planprovenance.service.runtime.RuntimePools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole service (real engine, real PostgreSQL, real migrations) behind MockMvc. One data root holds TPC-H
 * Parquet data that DataFusion writes once per JVM; every test class extending this shares one Spring context.
 */
@SpringBootTest
@AutoConfigureMockMvc
public abstract class EndToEndTest extends PostgresBackedTest {
    protected static final Path DATA = dataRoot();
    private static boolean generated;

    @Autowired protected MockMvc mvc;
    @Autowired protected RuntimePools pools;
    @Autowired protected JdbcClient jdbc;
    protected Http http;

    @DynamicPropertySource
    static void dataRoots(DynamicPropertyRegistry registry) {
        registry.add("provenance.data-roots", DATA::toString);
    }

    @BeforeEach
    void connect() {
        http = new Http(mvc);
        synchronized (EndToEndTest.class) {
            if (!generated) {
                try (EngineSession session = pools.borrow("default")) {
                    TpchData.generate(session, TpchQuery.CORPUS, DATA);
                }
                generated = true;
            }
        }
    }

    /** Rows per stored table, to see exactly what a capture added. */
    protected Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("capture", "capture_request", "runtime_profile", "plan_artifact",
                "planning_env", "rulepack", "explain_document", "explain_row", "plan_statistics",
                "schema_diagnostics", "provider_ddl", "udf_catalog", "audit_bundle", "plan_tree", "external_component")) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
        }
        return counts;
    }

    protected static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> growth = new LinkedHashMap<>();
        after.forEach((table, n) -> {
            if (n - before.get(table) != 0) growth.put(table, n - before.get(table));
        });
        return growth;
    }

    private static Path dataRoot() {
        try {
            Path root = Path.of("target", "e2e-data").toAbsolutePath();
            Files.createDirectories(root);
            return root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
