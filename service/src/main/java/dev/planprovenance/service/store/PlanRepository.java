package dev.planprovenance.service.store;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

public interface PlanRepository extends ListCrudRepository<PlanRecord, Long> {
    Optional<PlanRecord> findByName(String name);

    /** Creates the plan unless it exists; concurrent first captures of one plan both succeed. */
    @Modifying
    @Query("INSERT INTO plan (name) VALUES (:name) ON CONFLICT (name) DO NOTHING")
    int insertIfAbsent(@Param("name") String name);
}
