package dev.planprovenance.service.capture;

/** Labels the service itself puts on captures; every feature that reads them names them through here. */
public final class CaptureLabels {
    /**
     * A what-if recapture: the id of the capture whose request it replays under other inputs. Such a capture is an
     * experiment, not a change that happened to the plan, so the drift feed records no event for it.
     */
    public static final String RECAPTURE_OF = "recapture_of";

    private CaptureLabels() {}
}
