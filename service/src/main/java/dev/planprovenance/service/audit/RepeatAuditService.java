package dev.planprovenance.service.audit;

import dev.planprovenance.engine.CaptureOptions;
import dev.planprovenance.engine.CaptureResult;
import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.service.api.model.AuditCapture;
import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.api.model.CaptureRequest;
import dev.planprovenance.service.api.model.RepeatAudit;
import dev.planprovenance.service.api.model.RepeatAuditRequest;
import dev.planprovenance.service.capture.CaptureLabels;
import dev.planprovenance.service.capture.CaptureService;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.runtime.RuntimePools;
import dev.planprovenance.service.store.CanonicalJson;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A repeat audit: one request captured n times, every capture verifying its plans afresh (no runtime's memory of
 * verified plan bytes), across different runtimes of the profile's pool: each round borrows as many runtimes at once
 * as the pool has (at most n), so the captures of a round run on distinct runtimes; with fewer runtimes than n the
 * rounds rotate over them and the audit says so ({@code rotated}). The runtimes are held only while the engine works;
 * the captures are stored afterwards (ordinary captures in the request's environment, labelled repeat_audit=<id>),
 * then the audit and its captures in one transaction.
 */
@Service
public class RepeatAuditService {
    static final int MIN_N = 2;
    static final int MAX_N = 20;

    private final CaptureService captures;
    private final RuntimePools pools;
    private final AuditStore store;
    private final CanonicalJson json;
    private final TransactionTemplate transaction;

    public RepeatAuditService(CaptureService captures, RuntimePools pools, AuditStore store, CanonicalJson json,
            PlatformTransactionManager transactions) {
        this.captures = captures;
        this.pools = pools;
        this.store = store;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    private record Planned(CaptureResult result, long runtimeId) {}

    public RepeatAudit repeat(RepeatAuditRequest body) {
        Integer n = body.getN();
        if (n == null || n < MIN_N || n > MAX_N) {
            throw ProblemException.invalid("n must be between " + MIN_N + " and " + MAX_N + ", was " + n + ".");
        }
        CaptureRequest request = body.getRequest();
        if (request == null) throw ProblemException.invalid("request is required.");
        captures.validate(request);
        UUID id = UUID.randomUUID();
        OffsetDateTime created = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Object> asked = json.mapper().convertValue(body, Map.class);
        request.putLabelsItem(CaptureLabels.REPEAT_AUDIT, id.toString());

        String profile = CaptureService.profile(request);
        int width = Math.min(n, pools.pool(profile).size());
        List<Planned> planned = new ArrayList<>();
        while (planned.size() < n) {
            planned.addAll(round(request, profile, Math.min(width, n - planned.size())));
        }
        List<AuditCapture> made = new ArrayList<>();
        LinkedHashMap<UUID, Map<String, String>> hashes = new LinkedHashMap<>();
        for (Planned p : planned) {
            Capture stored = captures.store(request, p.result());
            AuditCapture capture = new AuditCapture();
            capture.setOrdinal(made.size());
            capture.setCaptureId(stored.getId());
            capture.setRuntimeId(p.runtimeId());
            made.add(capture);
            hashes.put(stored.getId(), p.result().hashes());
        }
        List<UUID> ids = new ArrayList<>(hashes.keySet());
        Map<UUID, Map<String, String>> keys = store.contentKeys(ids);
        LinkedHashMap<UUID, Map<String, String>> components = new LinkedHashMap<>();
        ids.forEach(c -> components.put(c, keys.getOrDefault(c, Map.of())));

        RepeatAudit audit = new RepeatAudit();
        audit.setId(id);
        audit.setEnvironment(request.getEnvironment() == null ? "default" : request.getEnvironment());
        audit.setProfile(profile);
        audit.setCreatedAt(created);
        audit.setN(n);
        Set<Long> runtimes = new HashSet<>();
        made.forEach(c -> runtimes.add(c.getRuntimeId()));
        audit.setRuntimesUsed(runtimes.size());
        audit.setRotated(width < n);
        audit.setCaptures(made);
        audit.setComponents(StabilityLabels.of(components));
        audit.setHashes(StabilityLabels.of(hashes));
        return transaction.execute(status -> {
            store.insert(audit, ids.get(0), asked);
            return store.audit(id);
        });
    }

    /** {@code k} captures on {@code k} runtimes borrowed together, so each is a different one. */
    private List<Planned> round(CaptureRequest request, String profile, int k) {
        List<EngineSession> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < k; i++) sessions.add(pools.borrow(profile));
            List<Planned> out = new ArrayList<>();
            for (EngineSession session : sessions) {
                out.add(new Planned(captures.plan(session, request, CaptureOptions.VERIFY_AFRESH),
                        session.runtimeId()));
            }
            return out;
        } finally {
            sessions.forEach(EngineSession::close);
        }
    }

    public RepeatAudit audit(UUID id) {
        return store.audit(id);
    }

    public List<RepeatAudit> audits(String planName) {
        return store.audits(planName);
    }
}
