package dev.attention.train.search;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.assembly.config.ComponentConfig;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.apiguardian.api.API;

/**
 * One point of the search space: a plugin (with its parameter values) for each slot.
 *
 * @param variant      the variant choice
 * @param alignment    the alignment choice
 * @param distribution the distribution choice
 */
@API(status = MAINTAINED)
public record Candidate(ComponentConfig variant, ComponentConfig alignment, ComponentConfig distribution) {
    public Candidate {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(alignment, "alignment");
        Objects.requireNonNull(distribution, "distribution");
    }

    /**
     * E.g. {@code global / gaussian(sigma=0.5) / softmax}. Exact (values round-trip), so it also
     * identifies the candidate: it orders ties and seeds the trial.
     */
    public String describe() {
        return part(variant) + " / " + part(alignment) + " / " + part(distribution);
    }

    /** The parameter values, e.g. {@code gaussian.sigma=0.5 softmax.temperature=2}; empty when none. */
    public String parameters() {
        StringJoiner j = new StringJoiner(" ");
        for (ComponentConfig c : new ComponentConfig[] {variant, alignment, distribution}) {
            c.parameters().forEach((k, v) -> j.add(c.id() + "." + k + "=" + format(v)));
        }
        return j.toString();
    }

    private static String part(ComponentConfig c) {
        if (c.parameters().isEmpty()) {
            return c.id();
        }
        StringJoiner j = new StringJoiner(", ", c.id() + "(", ")");
        for (Map.Entry<String, Object> e : c.parameters().entrySet()) {
            j.add(e.getKey() + "=" + format(e.getValue()));
        }
        return j.toString();
    }

    /** Doubles keep a decimal point so that 1.0 and the whole number 1 stay apart, as YAML reads them. */
    static String format(Object v) {
        if (v instanceof Double) {
            String s = BigDecimal.valueOf((Double) v).toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        return String.valueOf(v);
    }
}
