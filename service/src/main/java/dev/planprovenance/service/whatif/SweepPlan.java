package dev.planprovenance.service.whatif;

import dev.planprovenance.service.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trials of a sensitivity sweep, one per (key, value) in the order the request lists them, within the sweep's
 * bounds.
 *
 * <p>Why bounded: every trial is a whole capture (a runtime borrowed from the shared pool for one planning pass, and
 * the capture stored) plus a drift report, all of them inside the one synchronous HTTP request. Without a bound one
 * request could keep the pool busy and the client waiting for as long as it liked, and store any number of
 * captures. The bounds are the contract's (SensitivityRequest: at most 50 keys, 1 to 20
 * values each, so at most 1000 trials: TPC-H q3 takes about 60 ms a trial on the 2-core machine, so the largest
 * sweep holds its request about a minute); the generated model checks only the number of keys, so all of them are
 * checked here, before anything is captured.
 */
record SweepPlan(List<Trial> trials) {
    static final int MAX_KEYS = 50;
    static final int MAX_VALUES_PER_KEY = 20;

    /** One recapture of the sweep: {@code key} set to {@code value}, everything else as the source. */
    record Trial(int ordinal, String key, String value) {}

    static SweepPlan of(Map<String, List<String>> keys) {
        if (keys == null || keys.isEmpty()) throw ProblemException.invalid("A sweep needs at least one key.");
        if (keys.size() > MAX_KEYS) {
            throw ProblemException.invalid("A sweep takes at most " + MAX_KEYS + " keys; this one has " + keys.size()
                    + ".");
        }
        List<Trial> trials = new ArrayList<>();
        keys.forEach((key, values) -> {
            if (key == null || key.isBlank()) throw ProblemException.invalid("A sweep's config key must not be blank.");
            if (values == null || values.isEmpty()) {
                throw ProblemException.invalid("Key '" + key + "' needs at least one value to try.");
            }
            if (values.size() > MAX_VALUES_PER_KEY) {
                throw ProblemException.invalid("Key '" + key + "' has " + values.size() + " values; a sweep tries at most "
                        + MAX_VALUES_PER_KEY + " per key.");
            }
            for (String value : values) {
                if (value == null) throw ProblemException.invalid("Key '" + key + "': a value must not be null.");
                trials.add(new Trial(trials.size(), key, value));
            }
        });
        return new SweepPlan(List.copyOf(trials));
    }

    List<String> keys() {
        return trials.stream().map(Trial::key).distinct().toList();
    }
}
