package dev.planprovenance.service.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of Spring tests that need the database: points spring.datasource at one fresh database per JVM (Spring
 * caches contexts, so all context-sharing test classes use the same one).
 */
public abstract class PostgresBackedTest {
    private static TestDatabase.Connection database;

    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database().url());
        registry.add("spring.datasource.username", () -> database().user());
        registry.add("spring.datasource.password", () -> database().password() == null ? "" : database().password());
    }

    protected static synchronized TestDatabase.Connection database() {
        if (database == null) database = TestDatabase.fresh();
        return database;
    }
}
