package dev.planprovenance.service.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code provenance.retention.*}: which captures retention keeps and how it deletes the rest.
 *
 * @param keepLast the newest captures kept per plan and environment
 * @param keepDays captures newer than this many days are kept whatever their rank
 * @param batchSize captures deleted per batch (each batch one transaction)
 * @param schedule a cron expression for scheduled runs; {@code -} (the default) disables them
 */
@ConfigurationProperties("provenance.retention")
public record RetentionProperties(
        @DefaultValue("20") int keepLast,
        @DefaultValue("30") int keepDays,
        @DefaultValue("200") int batchSize,
        @DefaultValue("-") String schedule) {

    public RetentionPolicy policy() {
        return new RetentionPolicy(keepLast, keepDays, batchSize);
    }
}
