package dev.planprovenance.service.capture;

import dev.planprovenance.service.plans.ArtifactQueries;
import dev.planprovenance.service.store.ContentStore;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The store, the capture row's writer and reader, and the artifact reads, with Boot's JDBC, Flyway and metrics
 * auto-configuration, and no engine. A test configuration, not a {@code @SpringBootConfiguration}: the end-to-end
 * tests of this package must still find the application's own, and the application never scans this one.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@ComponentScan(basePackageClasses = ContentStore.class)
@Import({PlanIds.class, CaptureReader.class, CaptureWriter.class, ArtifactQueries.class})
class StoreTestApplication {}
