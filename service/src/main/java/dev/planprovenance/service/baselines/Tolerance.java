package dev.planprovenance.service.baselines;

import dev.planprovenance.service.api.model.CheckedComponent;
import dev.planprovenance.service.problem.ProblemException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much a checked component may differ from its baseline: {@code exact} (any difference fails), {@code ignore}
 * (a difference is tolerated) or, for statistics only, {@code {"within": f}} (every scan statistic's new/old ratio
 * within [1/f, f]). Written in the API and stored as {@code "exact"}, {@code "ignore"}, {@code {"within": f}}.
 */
record Tolerance(Kind kind, double factor) {
    enum Kind { EXACT, IGNORE, WITHIN }

    static final Tolerance EXACT = new Tolerance(Kind.EXACT, 1);
    static final Tolerance IGNORE = new Tolerance(Kind.IGNORE, 1);

    /** The API form: a string or {"within": f}. */
    Object toApi() {
        return switch (kind) {
            case EXACT -> "exact";
            case IGNORE -> "ignore";
            case WITHIN -> Map.of("within", factor);
        };
    }

    /** Whether a statistic that moved by {@code ratio} (new/old) lies within the factor. */
    boolean admits(double ratio) {
        return ratio >= 1 / factor && ratio <= factor;
    }

    /**
     * The tolerances of an approval, validated: every key a checked component, every value {@code "exact"},
     * {@code "ignore"} or (statistics only) {@code {"within": f}} with f >= 1. A component not named is exact.
     *
     * @throws ProblemException invalid-request naming the offending entry
     */
    static Map<CheckedComponent, Tolerance> parse(Map<String, Object> given) {
        Map<CheckedComponent, Tolerance> out = new EnumMap<>(CheckedComponent.class);
        if (given == null) return out;
        for (Map.Entry<String, Object> e : given.entrySet()) {
            CheckedComponent component;
            try {
                component = CheckedComponent.fromValue(e.getKey());
            } catch (IllegalArgumentException unknown) {
                throw ProblemException.invalid("tolerances: '" + e.getKey() + "' is not a checked component (one of "
                        + java.util.Arrays.stream(CheckedComponent.values()).map(CheckedComponent::getValue).toList()
                        + ").");
            }
            out.put(component, one(component, e.getValue()));
        }
        return out;
    }

    private static Tolerance one(CheckedComponent component, Object value) {
        if ("exact".equals(value)) return EXACT;
        if ("ignore".equals(value)) return IGNORE;
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("within") instanceof Number factor) {
            if (component != CheckedComponent.STATISTICS) {
                throw ProblemException.invalid("tolerances." + component.getValue()
                        + ": 'within' applies to statistics only; use \"exact\" or \"ignore\".");
            }
            double f = factor.doubleValue();
            if (!(f >= 1) || Double.isInfinite(f)) {
                throw ProblemException.invalid("tolerances.statistics.within must be a finite factor >= 1, e.g. 1.1.");
            }
            return new Tolerance(Kind.WITHIN, f);
        }
        throw ProblemException.invalid("tolerances." + component.getValue()
                + " must be \"exact\", \"ignore\" or (statistics) {\"within\": factor}.");
    }

    /** The API/stored form of a whole map, in component order. */
    static Map<String, Object> toApi(Map<CheckedComponent, Tolerance> tolerances) {
        Map<String, Object> out = new LinkedHashMap<>();
        tolerances.forEach((component, tolerance) -> out.put(component.getValue(), tolerance.toApi()));
        return out;
    }
}
