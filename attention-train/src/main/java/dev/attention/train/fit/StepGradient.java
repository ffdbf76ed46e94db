package dev.attention.train.fit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The loss of some training examples and its gradient: what one optimiser step needs, and what a
 * {@link GradientSource} computes in parts. The loss is the mean over the {@code rows} that count
 * (padded rows do not); each gradient is that mean's gradient, flat in the parameter's row-major
 * order, keyed by qualified name ({@code head.*} included when the fit has a head).
 *
 * <p>Parts over disjoint examples combine as a weighted mean, {@code L = Σ_p r_p·L_p / Σ_p r_p}
 * and likewise each gradient, which is the whole batch's loss because every loss here is a mean
 * over rows of a per-row term.
 *
 * @param loss      mean loss over the rows that count
 * @param rows      how many rows counted
 * @param gradients d loss / d parameter, by name, in the fit's parameter order
 */
@API(status = MAINTAINED)
public record StepGradient(double loss, int rows, Map<String, double[]> gradients) implements Serializable {
    private static final long serialVersionUID = 1L;

    public StepGradient {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        gradients = new LinkedHashMap<>(Objects.requireNonNull(gradients, "gradients"));
    }

    /**
     * The parts' weighted mean, summed in the order given (so a fixed order gives fixed bits). One
     * part is returned as it is; parts with no rows count for nothing.
     *
     * @throws IllegalArgumentException when the parts name different parameters or sizes
     */
    public static StepGradient combine(List<StepGradient> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no parts to combine");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int rows = 0;
        for (StepGradient p : parts) {
            rows += p.rows();
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        parts.get(0).gradients().forEach((name, g) -> sums.put(name, new double[g.length]));
        double loss = 0;
        for (StepGradient p : parts) {
            if (!p.gradients().keySet().equals(sums.keySet())) {
                throw new IllegalArgumentException("parts name different parameters: " + sums.keySet() + " and "
                        + p.gradients().keySet());
            }
            if (p.rows() == 0) {
                continue;
            }
            double w = (double) p.rows() / rows;
            loss += w * p.loss();
            for (Map.Entry<String, double[]> e : p.gradients().entrySet()) {
                double[] s = sums.get(e.getKey());
                double[] g = e.getValue();
                if (g.length != s.length) {
                    throw new IllegalArgumentException("parameter " + e.getKey() + " has " + s.length + " and " + g.length
                            + " gradient entries in two parts");
                }
                for (int k = 0; k < s.length; k++) {
                    s[k] += w * g[k];
                }
            }
        }
        return new StepGradient(rows == 0 ? 0 : loss, rows, sums);
    }
}
