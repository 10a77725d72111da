package dev.planprovenance.service.runtime;

import dev.planprovenance.engine.RuntimeProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the runtime pools at start-up, so a profile with an unknown config key or a missing data root stops the
 * service before it accepts a request.
 */
@Configuration(proxyBeanMethods = false)
public class RuntimeConfiguration {
    private static final Logger log = LoggerFactory.getLogger(RuntimeConfiguration.class);
    static final String DEFAULT_PROFILE = "default";

    @Bean(destroyMethod = "close")
    RuntimePools runtimePools(RuntimeProperties properties) {
        Map<String, RuntimeProfile> profiles = new LinkedHashMap<>();
        profiles.put(DEFAULT_PROFILE, RuntimeProfile.defaults(DEFAULT_PROFILE));
        properties.profiles().forEach((name, settings) -> profiles.put(name, settings.toProfile(name)));
        var roots = DataRoots.resolve(properties.dataRoots());
        if (roots.isEmpty()) {
            log.warn("No provenance.data-roots configured: only schema-only tables and views can be captured");
        }
        log.info("Building {} runtime(s) for each of the profiles {} over data roots {}",
                properties.pool().size(), profiles.keySet(), roots);
        return new RuntimePools(profiles, properties.pool().size(), roots, properties.pool().borrowTimeout(),
                properties.planLimits().toLimits());
    }
}
