package dev.planprovenance.service.capture;

/** Labels the service itself puts on captures; every feature that reads them names them through here. */
public final class CaptureLabels {
    /**
     * A what-if recapture: the id of the capture whose request it replays under other inputs. Such a capture is an
     * experiment, not a change that happened to the plan, so the drift feed records no event for it.
     */
    public static final String RECAPTURE_OF = "recapture_of";

    /**
     * A repeat audit's capture: the audit's id. Its n captures repeat one request to observe whether the engine is
     * deterministic; a difference between them is the finding of the audit, not a change that happened to the plan,
     * so the drift feed records no event for them either.
     */
    public static final String REPEAT_AUDIT = "repeat_audit";

    /** Whether the drift feed skips this capture: an experiment or an audit, not a change to the plan. */
    public static boolean notAChange(java.util.Map<String, String> labels) {
        return labels.containsKey(RECAPTURE_OF) || labels.containsKey(REPEAT_AUDIT);
    }

    private CaptureLabels() {}
}
