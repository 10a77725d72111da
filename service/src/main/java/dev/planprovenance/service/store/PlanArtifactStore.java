package dev.planprovenance.service.store;

import dev.planprovenance.engine.CaptureResult;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The plans component: the engine's plans document plus the serialized plans (datafusion-proto logical, optimized
 * logical and physical; Substrait), stored once per distinct content in plan_artifact.
 */
@Repository
public class PlanArtifactStore {
    private final JdbcClient jdbc;

    public PlanArtifactStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    PendingRow prepare(String plansDocument, Map<String, byte[]> planBytes, Map<String, String> hashes) {
        Map<String, String> own = ComponentStore.hashesOf(Component.PLANS, hashes);
        ContentKey.Digest digest = ContentKey.digest(Component.PLANS.apiName()).add(own).add(plansDocument);
        for (String name : CaptureResult.PLAN_BYTES) digest.add(name).add(planBytes.get(name));
        ContentKey key = digest.build();
        return new PendingRow(Component.PLANS.apiName(), key, () -> jdbc.sql("""
                INSERT INTO plan_artifact (content_key, plan_fingerprint, plans, substrait,
                                           logical_proto, optimized_logical_proto, physical_proto)
                VALUES (:key, :fingerprint, CAST(:plans AS jsonb), :substrait,
                        :logical, :optimized, :physical)
                ON CONFLICT (content_key) DO NOTHING""")
                .param("key", key.bytes())
                .param("fingerprint", own.get("plan_fingerprint"))
                .param("plans", plansDocument)
                .param("substrait", planBytes.get("substrait"))
                .param("logical", planBytes.get("logical_proto"))
                .param("optimized", planBytes.get("optimized_logical_proto"))
                .param("physical", planBytes.get("physical_proto"))
                .update());
    }
}
