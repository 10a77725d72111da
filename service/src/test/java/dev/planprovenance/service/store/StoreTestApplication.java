package dev.planprovenance.service.store;

import dev.planprovenance.service.plans.ArtifactQueries;
import dev.planprovenance.service.plans.CaptureQueries;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The store and its read side with Boot's JDBC, Flyway and metrics auto-configuration, and no engine. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({JdbcConfiguration.class, CanonicalJson.class, StoreMetrics.class, KnownContent.class, ComponentStore.class,
        PlanArtifactStore.class, ExplainStore.class, SchemaStore.class, RequestStore.class, CaptureWriter.class,
        CaptureQueries.class, ArtifactQueries.class})
class StoreTestApplication {}
