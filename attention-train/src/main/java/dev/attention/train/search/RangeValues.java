package dev.attention.train.search;

import dev.attention.assembly.config.SearchConfig;
import java.util.List;
import java.util.Random;

/** The values of a parameter range: all of them for a grid, one drawn for random search. */
final class RangeValues {
    private RangeValues() {
    }

    /** Every value of a listed or sampled range; a continuous range has none (the caller refuses it). */
    static List<Object> grid(SearchConfig.Range range) {
        if (range instanceof SearchConfig.Values v) {
            return v.values();
        }
        SearchConfig.Interval r = (SearchConfig.Interval) range;
        Object[] out = new Object[r.samples()];
        for (int i = 0; i < r.samples(); i++) {
            out[i] = point(r, (double) i / (r.samples() - 1));
        }
        return List.of(out);
    }

    /** One value: a listed or grid value chosen uniformly, or a continuous draw. */
    static Object draw(SearchConfig.Range range, Random random) {
        if (range instanceof SearchConfig.Interval r && r.samples() == 0) {
            return point(r, random.nextDouble());
        }
        List<Object> values = grid(range);
        return values.get(random.nextInt(values.size()));
    }

    /** The point at fraction {@code t} of the range, in log space for log-uniform; ends exact. */
    private static Double point(SearchConfig.Interval r, double t) {
        if (t <= 0) {
            return r.low();
        }
        if (t >= 1) {
            return r.high();
        }
        if (r.logScale()) {
            double lo = Math.log(r.low());
            return Math.exp(lo + t * (Math.log(r.high()) - lo));
        }
        return r.low() + t * (r.high() - r.low());
    }
}
