package dev.planprovenance.service.problem;

import dev.planprovenance.engine.ConfigurationException;
import dev.planprovenance.engine.EngineException;
import dev.planprovenance.engine.EngineExecutionException;
import dev.planprovenance.engine.PathNotAllowedException;
import dev.planprovenance.engine.PlanTooLargeException;
import dev.planprovenance.engine.PlanningException;
import dev.planprovenance.engine.PoolExhaustedException;
import dev.planprovenance.engine.ResourcesExhaustedException;
import dev.planprovenance.engine.StatementRefusedException;

/**
 * Which problem each typed engine failure is. The engine maps DataFusion's error variants to these classes, so a
 * user's mistake (bad SQL, a refused statement, an unknown config key, a path outside the roots) is never a 500;
 * internal errors and native panics are.
 */
final class EngineProblems {
    private EngineProblems() {}

    static ProblemType typeOf(EngineException e) {
        // A refused statement is a PlanningException too: the narrower type first.
        if (e instanceof StatementRefusedException) return ProblemType.STATEMENT_REFUSED;
        if (e instanceof PlanningException) return ProblemType.SQL_NOT_PLANNABLE;
        if (e instanceof PlanTooLargeException) return ProblemType.PLAN_TOO_LARGE;
        if (e instanceof ConfigurationException) return ProblemType.UNKNOWN_CONFIG_KEY;
        if (e instanceof PathNotAllowedException) return ProblemType.PATH_NOT_ALLOWED;
        if (e instanceof ResourcesExhaustedException) return ProblemType.RESOURCES_EXHAUSTED;
        if (e instanceof EngineExecutionException) return ProblemType.EXECUTION_FAILED;
        if (e instanceof PoolExhaustedException) return ProblemType.POOL_EXHAUSTED;
        return ProblemType.INTERNAL;
    }
}
