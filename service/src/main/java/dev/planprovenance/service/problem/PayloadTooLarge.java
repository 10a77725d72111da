package dev.planprovenance.service.problem;

/** Finds the size-limit failure wherever the JSON reader wrapped it. */
final class PayloadTooLarge {
    private PayloadTooLarge() {}

    static PayloadTooLargeException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) return tooLarge;
            if (t.getCause() == t) break;
        }
        return null;
    }
}
