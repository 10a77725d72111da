package dev.planprovenance.service.runtime;

import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.engine.PlanLimits;
import dev.planprovenance.engine.RuntimePool;
import dev.planprovenance.engine.RuntimeProfile;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.problem.ProblemType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** One pool of native runtimes per configured profile; a capture borrows a session from its profile's pool. */
public final class RuntimePools implements AutoCloseable {
    private final Map<String, RuntimePool> pools;
    private final Duration borrowTimeout;
    private final List<Path> dataRoots;

    public RuntimePools(Map<String, RuntimeProfile> profiles, int size, List<Path> dataRoots, Duration borrowTimeout,
            PlanLimits limits) {
        this.borrowTimeout = borrowTimeout;
        this.dataRoots = List.copyOf(dataRoots);
        Map<String, RuntimePool> built = new LinkedHashMap<>();
        try {
            profiles.forEach((name, profile) -> built.put(name, new RuntimePool(profile, size, this.dataRoots, limits)));
        } catch (RuntimeException e) {
            built.values().forEach(RuntimePool::close);
            throw e;
        }
        this.pools = Collections.unmodifiableMap(built);
    }

    /** A fresh session on a runtime of the named profile; closing it returns the runtime. */
    public EngineSession borrow(String profile) {
        return pool(profile).borrow(borrowTimeout);
    }

    public RuntimePool pool(String profile) {
        RuntimePool pool = pools.get(profile);
        if (pool == null) {
            throw new ProblemException(ProblemType.UNKNOWN_PROFILE,
                    "No runtime profile named '" + profile + "'; known profiles: " + names() + ".");
        }
        return pool;
    }

    public Map<String, RuntimePool> all() {
        return pools;
    }

    public SortedSet<String> names() {
        return new TreeSet<>(pools.keySet());
    }

    public List<Path> dataRoots() {
        return dataRoots;
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        pools.values().forEach(pool -> {
            try {
                pool.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });
        if (!failures.isEmpty()) throw failures.get(0);
    }
}
