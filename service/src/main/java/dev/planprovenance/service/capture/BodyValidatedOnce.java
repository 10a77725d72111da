package dev.planprovenance.service.capture;

import org.springframework.boot.validation.beanvalidation.MethodValidationExcludeFilter;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * The generated {@code CapturesApi} is {@code @Validated}, which wraps the controller in a method-validation proxy.
 * Its only constraint is {@code @Valid} on the request body, and Spring MVC has already validated the body (a
 * violation ends the request before the controller) when the proxy would validate it a second time: for every
 * capture the proxy cost a reflective call and a second pass of the validator, and could never fail.
 */
@Configuration(proxyBeanMethods = false)
class BodyValidatedOnce {
    // Infrastructure: the validation post-processor reads it while post-processors are still being created.
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static MethodValidationExcludeFilter captureControllerValidatedByMvc() {
        return CaptureController.class::equals;
    }
}
