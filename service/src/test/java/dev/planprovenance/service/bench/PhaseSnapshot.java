package dev.planprovenance.service.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Totals the service has recorded so far, taken before and after a benchmark phase so the difference splits a
 * capture's time: server time per request (servlet filter to response), its engine and store phases, and the CPU the
 * whole benchmark process spent (engine threads, service, HTTP client; PostgreSQL runs in its own processes), by
 * thread group where Linux tells it ({@code /proc/self/task}).
 */
record PhaseSnapshot(double serverMs, double engineMs, double storeMs, double processCpuMs, Map<String, Double> cpuByGroup) {

    static PhaseSnapshot take(MeterRegistry meters) {
        return new PhaseSnapshot(
                total(meters.find("http.server.requests").tag("uri", "/v1/captures").tag("method", "POST").timer()),
                total(meters.find("provenance.capture.phase").tag("phase", "engine").timer()),
                total(meters.find("provenance.capture.phase").tag("phase", "store").timer()),
                cpuNow(), cpuByThreadGroup());
    }

    /** Means per capture over {@code captures} captures between {@code before} and this snapshot. */
    String perCapture(PhaseSnapshot before, int captures) {
        String groups = cpuByGroup.entrySet().stream()
                .map(e -> String.format("%s %.2f", e.getKey(),
                        (e.getValue() - before.cpuByGroup.getOrDefault(e.getKey(), 0.0)) / captures))
                .collect(Collectors.joining(", "));
        return String.format("server %.2f ms (engine phase %.2f, store phase %.2f, rest %.2f); process CPU %.2f ms (%s)",
                (serverMs - before.serverMs) / captures, (engineMs - before.engineMs) / captures,
                (storeMs - before.storeMs) / captures,
                (serverMs - before.serverMs - engineMs + before.engineMs - storeMs + before.storeMs) / captures,
                (processCpuMs - before.processCpuMs) / captures, groups);
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

    /**
     * CPU milliseconds so far by thread group: Tomcat's request threads (which also run the engine's capture through
     * JNI), the engine runtimes' own threads (helpers, file IO), the benchmark's HTTP client, GC, JIT, the rest.
     * Threads that ended are missing from both snapshots; on other systems the map is empty.
     */
    private static Map<String, Double> cpuByThreadGroup() {
        Map<String, Double> groups = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // Fields 14 and 15 of stat (utime, stime), counted after the command: clock ticks, 100 per second.
                double ms = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
                groups.merge(group(comm), ms, Double::sum);
            }
        } catch (IOException | RuntimeException notLinux) {
            return Map.of();
        }
        return groups;
    }

    private static String group(String comm) {
        if (comm.startsWith("http-nio")) return "tomcat";
        if (comm.startsWith("provenance-eng")) return "engine-threads";
        if (comm.startsWith("HttpClient") || comm.startsWith("pool-")) return "bench-client";
        if (comm.startsWith("GC ") || comm.startsWith("G1 ")) return "gc";
        if (comm.startsWith("C1 ") || comm.startsWith("C2 ")) return "jit";
        return "other";
    }
}
