package dev.planprovenance.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Plan provenance for Apache DataFusion: captures every artifact that shapes a plan and stores it in PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProvenanceServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(ProvenanceServiceApplication.class, args);
    }
}
