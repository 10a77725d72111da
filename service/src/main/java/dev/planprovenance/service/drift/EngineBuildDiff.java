package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.EngineBuild;
import dev.planprovenance.service.api.model.EngineBuildDrift;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The engine build of two captures from their audit documents. The build is DataFusion's version, the normalizer
 * and the artifact schema; the profile name is shown beside them but is not part of the build: what a profile sets
 * reaches plans through the planning env, the rulepack and the UDF catalog, which are compared on their own.
 */
final class EngineBuildDiff {
    private EngineBuildDiff() {}

    static EngineBuildDrift diff(JsonNode fromAudit, JsonNode toAudit) {
        if (!Json.present(fromAudit) || !Json.present(toAudit)) return new EngineBuildDrift(DriftStatus.UNAVAILABLE);
        EngineBuild from = build(fromAudit);
        EngineBuild to = build(toAudit);
        return new EngineBuildDrift(changed(from, to) ? DriftStatus.CHANGED : DriftStatus.UNCHANGED).from(from).to(to);
    }

    static boolean changed(EngineBuild from, EngineBuild to) {
        return !Objects.equals(from.getDatafusionVersion(), to.getDatafusionVersion())
                || !Objects.equals(from.getNormalizerVersion(), to.getNormalizerVersion())
                || !Objects.equals(from.getArtifactSchemaVersion(), to.getArtifactSchemaVersion());
    }

    private static EngineBuild build(JsonNode audit) {
        EngineBuild build = new EngineBuild();
        build.setDatafusionVersion(Json.text(audit.path("datafusion_version")));
        if (audit.path("normalizer_version").isNumber()) build.setNormalizerVersion(audit.path("normalizer_version").asInt());
        if (audit.path("artifact_schema_version").isNumber()) {
            build.setArtifactSchemaVersion(audit.path("artifact_schema_version").asInt());
        }
        build.setProfile(Json.text(audit.path("profile")));
        return build;
    }
}
