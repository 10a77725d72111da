package dev.planprovenance.service.delta;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring wiring for the Delta feature; the classes it builds are plain Java.
 * {@code provenance.delta.policy} = {@code strict} (default: refuse any approximate read) or {@code downgrade}.
 */
@Configuration(proxyBeanMethods = false)
public class DeltaConfiguration {

    @Bean
    DeltaSnapshotReader deltaSnapshotReader() {
        // Local files need no settings; object stores take theirs from the usual Hadoop resources on the classpath.
        return new DeltaSnapshotReader(new org.apache.hadoop.conf.Configuration());
    }

    @Bean
    DeltaTableResolver deltaTableResolver(DeltaSnapshotReader reader,
                                          @Value("${provenance.delta.policy:strict}") String policy) {
        return new DeltaTableResolver(reader, GatePolicy.valueOf(policy.trim().toUpperCase(java.util.Locale.ROOT)));
    }
}
