package dev.planprovenance.engine;

/**
 * Plans a runtime refuses as too large ({@link PlanTooLargeException}), counted over plan operators and their
 * expressions together, subqueries included, right after SQL planning and before anything walks the plan.
 *
 * @param maxNodes operators and expressions in all
 * @param maxDepth the longest path from the root through operators and expressions alike
 */
public record PlanLimits(long maxNodes, long maxDepth) {
    public PlanLimits {
        if (maxNodes < 1 || maxDepth < 1) throw new IllegalArgumentException("plan limits must be >= 1");
    }

    /** Far above what real pipelines plan, within what the engine's planning stack holds. */
    public static PlanLimits defaults() {
        return new PlanLimits(200_000, 5_000);
    }
}
