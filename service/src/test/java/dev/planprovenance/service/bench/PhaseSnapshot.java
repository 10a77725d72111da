package dev.planprovenance.service.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Totals the service has recorded so far, taken before and after a benchmark phase so the difference splits a
 * capture's time: server time per request (servlet filter to response), its engine and store phases, and the CPU the
 * whole benchmark process spent (engine threads, service, HTTP client; PostgreSQL runs in its own processes).
 */
record PhaseSnapshot(double serverMs, double engineMs, double storeMs, double processCpuMs) {

    static PhaseSnapshot take(MeterRegistry meters) {
        return new PhaseSnapshot(
                total(meters.find("http.server.requests").tag("uri", "/v1/captures").tag("method", "POST").timer()),
                total(meters.find("provenance.capture.phase").tag("phase", "engine").timer()),
                total(meters.find("provenance.capture.phase").tag("phase", "store").timer()),
                cpuNow());
    }

    /** Means per capture over {@code captures} captures between {@code before} and this snapshot. */
    String perCapture(PhaseSnapshot before, int captures) {
        return String.format("server %.2f ms (engine phase %.2f, store phase %.2f, rest %.2f); process CPU %.2f ms",
                (serverMs - before.serverMs) / captures, (engineMs - before.engineMs) / captures,
                (storeMs - before.storeMs) / captures,
                (serverMs - before.serverMs - engineMs + before.engineMs - storeMs + before.storeMs) / captures,
                (processCpuMs - before.processCpuMs) / captures);
    }

    private static double total(Timer timer) {
        return timer == null ? 0 : timer.totalTime(TimeUnit.MILLISECONDS);
    }

    private static double cpuNow() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e6;
        }
        return Double.NaN;
    }
}
