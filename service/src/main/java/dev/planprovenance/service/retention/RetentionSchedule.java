package dev.planprovenance.service.retention;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Scheduled retention runs: {@code provenance.retention.schedule} is a cron expression; {@code -} (default) is off. */
@Configuration
@EnableScheduling
class RetentionSchedule {
    private final RetentionService retention;

    RetentionSchedule(RetentionService retention) {
        this.retention = retention;
    }

    @Scheduled(cron = "${provenance.retention.schedule:-}")
    void run() {
        retention.run();
    }
}
