package dev.planprovenance.service.store;

import java.util.UUID;
import org.springframework.data.repository.ListCrudRepository;

/** Reads captures by id; new captures are inserted through JdbcAggregateTemplate (their id is assigned up front). */
public interface CaptureRepository extends ListCrudRepository<CaptureRecord, UUID> {}
