package dev.planprovenance.service.problem;

import dev.planprovenance.engine.ConfigurationException;
import dev.planprovenance.engine.EngineExecutionException;
import dev.planprovenance.engine.InternalEngineException;
import dev.planprovenance.engine.NativePanicException;
import dev.planprovenance.engine.PathNotAllowedException;
import dev.planprovenance.engine.PlanningException;
import dev.planprovenance.engine.PoolExhaustedException;
import dev.planprovenance.engine.ResourcesExhaustedException;
import dev.planprovenance.engine.StatementRefusedException;
import dev.planprovenance.service.api.model.CaptureRequest;
import jakarta.validation.Valid;
import java.time.Duration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Throws, on request, each failure the advice must translate (the engine's exceptions are plain Java classes). */
@RestController
class ProblemProbeController {
    static final String SECRET = "password=hunter2 host=db.internal";

    @GetMapping("/probe/{kind}")
    String fail(@PathVariable String kind) {
        throw switch (kind) {
            case "planning" -> new PlanningException("table 'nope' not found");
            case "refused" -> new StatementRefusedException("DDL not supported: CREATE TABLE");
            case "config" -> new ConfigurationException("Could not find config namespace \"nope\"");
            case "path" -> new PathNotAllowedException("/etc is outside the data roots");
            case "resources" -> new ResourcesExhaustedException("memory limit exceeded");
            case "execution" -> new EngineExecutionException("not a Parquet file");
            case "internal" -> new InternalEngineException(SECRET);
            case "panic" -> new NativePanicException(SECRET);
            case "pool" -> new PoolExhaustedException(Duration.ofMillis(250));
            case "database" -> new DataAccessResourceFailureException(SECRET);
            case "not-found" -> ProblemException.notFound("No capture 42.");
            default -> new IllegalStateException(SECRET);
        };
    }

    @PostMapping("/probe/body")
    String body(@Valid @RequestBody CaptureRequest request) {
        return request.getPlanName();
    }
}
