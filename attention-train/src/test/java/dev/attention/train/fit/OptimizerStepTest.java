package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Optimizer updates against values worked out by hand. */
class OptimizerStepTest {

    private static Map<String, double[]> one(double... v) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("p", v);
        return m;
    }

    @Test
    void sgd_with_momentum_starts_its_buffer_at_the_first_gradient() {
        Step sgd = Step.of(Optimizer.sgd(0.1, 0.9));
        Map<String, double[]> p = one(1.0, -2.0);
        sgd.apply(p, one(0.5, 1.0), 0.1);
        // v = g = (0.5, 1); p = (1 − 0.05, −2 − 0.1) = (0.95, −2.1)
        assertEquals(0.95, p.get("p")[0], 1e-15);
        assertEquals(-2.1, p.get("p")[1], 1e-15);
        sgd.apply(p, one(-1.0, 0.0), 0.1);
        // v = 0.9 (0.5, 1) + (−1, 0) = (−0.55, 0.9); p = (0.95 + 0.055, −2.1 − 0.09) = (1.005, −2.19)
        assertEquals(1.005, p.get("p")[0], 1e-15);
        assertEquals(-2.19, p.get("p")[1], 1e-15);
    }

    @Test
    void plain_sgd_steps_along_the_gradient() {
        Step sgd = Step.of(Optimizer.sgd(0.5, 0));
        Map<String, double[]> p = one(1.0);
        sgd.apply(p, one(2.0), 0.5);
        assertEquals(0.0, p.get("p")[0], 1e-15);
    }

    @Test
    void adam_two_steps_with_bias_correction() {
        Step adam = Step.of(new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8, 0));
        Map<String, double[]> p = one(1.0);
        adam.apply(p, one(2.0), 0.1);
        // t = 1: m = 0.2, v = 0.004; m̂ = 2, v̂ = 4 ⇒ p = 1 − 0.1 · 2 / (2 + 1e-8)
        double p1 = 1 - 0.1 * 2 / (2 + 1e-8);
        assertEquals(p1, p.get("p")[0], 1e-15);
        adam.apply(p, one(-1.0), 0.1);
        // t = 2: m = 0.9·0.2 − 0.1 = 0.08, v = 0.999·0.004 + 0.001 = 0.004996;
        // m̂ = 0.08 / 0.19, v̂ = 0.004996 / 0.001999
        double mHat = 0.08 / (1 - 0.81);
        double vHat = 0.004996 / (1 - 0.998001);
        assertEquals(p1 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8), p.get("p")[0], 1e-14);
    }

    @Test
    void adam_weight_decay_is_decoupled_from_the_gradient() {
        Step adamw = Step.of(new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8, 0.5));
        Map<String, double[]> p = one(2.0);
        adamw.apply(p, one(0.0), 0.1);
        // Zero gradient: the Adam step is 0, only the decay p(1 − lr·wd) = 2 · 0.95 acts.
        assertEquals(1.9, p.get("p")[0], 1e-15);
    }

    @Test
    void schedules_follow_their_formulas() {
        assertEquals(0.1 * 0.5 * 0.5, new Schedule.Step(3, 0.5).lr(0.1, 7, 10), 1e-15);
        assertEquals(0.1, new Schedule.Cosine(0, 0).lr(0.1, 0, 10), 1e-15);
        assertEquals(0.055, new Schedule.Cosine(10, 0.01).lr(0.1, 5, 10), 1e-15);
        assertEquals(0.01, new Schedule.Cosine(4, 0.01).lr(0.1, 9, 10), 1e-15);
    }
}
