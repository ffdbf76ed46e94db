package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.tck.GradientCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gradient given for {@code centres} reaches the queries, {@code W_p} and {@code v_p}. The
 * contract probes only output and weights, so this path needs its own finite-difference check.
 */
class LocalPCentresGradientTest {

    @Test
    void gradient_of_the_centres_matches_finite_differences() {
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", GradientCheck.random(shape(2, 3, 2), 21, -1, 1), 3, 2)
                .put("keys", GradientCheck.random(shape(2, 5, 2), 22, -1, 1), 5, 4)
                .put("values", GradientCheck.random(shape(2, 5, 2), 23, -1, 1), 5, 4)
                .build();
        Variant v = PositionFixtures.create(Fixtures.provider("local-p"), Map.of("hidden", 4), 1, in);
        AttentionResult r = v.forward(in);
        Tensor probe = GradientCheck.probe(r.get("centres").shape(), 24);
        VariantGradients g = v.backward(in, r, Map.of("centres", probe));
        GradientCheck.check("queries", in.tensor("queries"),
                x -> GradientCheck.dot(probe, v.forward(in.with("queries", x)).get("centres")), g.inputs().get("queries"));
        Parameters p = v.parameters();
        for (String name : new String[] {"variant.W_p", "variant.v_p"}) {
            GradientCheck.check(name, p.get(name), x -> GradientCheck.dot(probe,
                    v.withParameters(Parameters.of(name, x)).forward(in).get("centres")), g.parameters().get(name));
        }
    }
}
