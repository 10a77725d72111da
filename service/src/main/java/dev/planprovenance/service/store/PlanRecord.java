package dev.planprovenance.service.store;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A plan's stable name; its captures refer to it by id. */
@Table("plan")
public record PlanRecord(@Id Long id, String name, Instant createdAt) {}
