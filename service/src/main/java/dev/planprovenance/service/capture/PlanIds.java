package dev.planprovenance.service.capture;

import dev.planprovenance.service.store.KnownContent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A plan's id by its name, creating the plan on its first capture. Plans are never deleted, so an id seen committed is
 * kept: a repeat capture needs no round trip for it. Kept only after the transaction that found it committed, so an id
 * from a rolled-back insert is never trusted.
 */
@Repository
class PlanIds {
    private static final int CAPACITY = 20_000;

    private final JdbcClient jdbc;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    PlanIds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The id of a plan seen committed before, or null. */
    Long known(String name) {
        return ids.get(name);
    }

    /** The plan's id, inserting the plan unless it exists; concurrent first captures of one plan both succeed. */
    long id(String name) {
        Long known = ids.get(name);
        if (known != null) return known;
        jdbc.sql("INSERT INTO plan (name) VALUES (:name) ON CONFLICT (name) DO NOTHING").param("name", name).update();
        long id = jdbc.sql("SELECT id FROM plan WHERE name = :name").param("name", name).query(Long.class).single();
        KnownContent.afterCommit(() -> {
            if (ids.size() >= CAPACITY) ids.clear();
            ids.put(name, id);
        });
        return id;
    }
}
