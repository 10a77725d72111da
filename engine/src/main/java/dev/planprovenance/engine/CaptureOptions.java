package dev.planprovenance.engine;

/**
 * How one capture runs, beside what it captures.
 *
 * @param verifyAfresh verify every plan encoding of this capture anew (decode, re-encode, canonicalise) instead of
 *     trusting what its runtime verified for the same bytes before; a repeat audit sets it so that no capture
 *     inherits another's round trip
 */
public record CaptureOptions(boolean verifyAfresh) {
    public static final CaptureOptions DEFAULTS = new CaptureOptions(false);
    public static final CaptureOptions VERIFY_AFRESH = new CaptureOptions(true);
}
