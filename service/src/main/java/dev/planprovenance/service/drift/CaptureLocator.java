package dev.planprovenance.service.drift;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which captures a drift report compares: a plan's latest captures in an environment, the capture before a given
 * one, the latest capture of every plan in an environment. Order is newest first (created_at, then id, as the
 * history pages order them).
 */
@Repository
public class CaptureLocator {
    private final JdbcClient jdbc;

    public CaptureLocator(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Located(UUID id, String planName, String environment, OffsetDateTime createdAt) {}

    /** A latest capture of a plan in an environment, for comparing environments. */
    public record Latest(String planName, UUID id, String planIdentityHash) {}

    public Optional<Long> planId(String planName) {
        return jdbc.sql("SELECT id FROM plan WHERE name = :name").param("name", planName).query(Long.class).optional();
    }

    public Optional<Located> capture(UUID id) {
        return jdbc.sql("SELECT c.id, p.name, c.environment, c.created_at FROM capture c JOIN plan p ON p.id = c.plan_id"
                        + " WHERE c.id = :id")
                .param("id", id).query(CaptureLocator::located).optional();
    }

    /** The newest {@code limit} captures of the plan in the environment. */
    public List<Located> latest(long planId, String environment, int limit) {
        return jdbc.sql("SELECT c.id, p.name, c.environment, c.created_at FROM capture c JOIN plan p ON p.id = c.plan_id"
                        + " WHERE c.plan_id = :plan AND c.environment = :env ORDER BY c.created_at DESC, c.id LIMIT :limit")
                .param("plan", planId).param("env", environment).param("limit", limit)
                .query(CaptureLocator::located).list();
    }

    /** The capture of the same plan and environment just before {@code capture} in history order. */
    public Optional<Located> before(Located capture) {
        return jdbc.sql("SELECT c.id, p.name, c.environment, c.created_at FROM capture c JOIN plan p ON p.id = c.plan_id"
                        + " WHERE p.name = :name AND c.environment = :env"
                        + " AND (c.created_at < :at OR (c.created_at = :at AND c.id > :id))"
                        + " ORDER BY c.created_at DESC, c.id LIMIT 1")
                .param("name", capture.planName()).param("env", capture.environment())
                .param("at", capture.createdAt()).param("id", capture.id())
                .query(CaptureLocator::located).optional();
    }

    /** The latest capture of every plan in each of two environments, in one query: environment → captures. */
    public java.util.Map<String, List<Latest>> latestPerPlan(String from, String to) {
        java.util.Map<String, List<Latest>> byEnvironment = new java.util.HashMap<>();
        byEnvironment.put(from, new java.util.ArrayList<>());
        byEnvironment.put(to, new java.util.ArrayList<>());
        jdbc.sql("""
                        SELECT DISTINCT ON (c.environment, c.plan_id) c.environment, p.name, c.id, c.plan_identity_hash
                        FROM capture c JOIN plan p ON p.id = c.plan_id
                        WHERE c.environment IN (:from, :to)
                        ORDER BY c.environment, c.plan_id, c.created_at DESC, c.id""")
                .param("from", from).param("to", to)
                .query(rs -> {
                    byEnvironment.get(rs.getString("environment")).add(new Latest(rs.getString("name"),
                            rs.getObject("id", UUID.class), rs.getString("plan_identity_hash")));
                });
        return byEnvironment;
    }

    private static Located located(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Located(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("environment"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
