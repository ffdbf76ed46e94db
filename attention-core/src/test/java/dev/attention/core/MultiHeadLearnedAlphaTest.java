package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.ParameterFiles;
import dev.attention.io.tensor.Safetensors;
import dev.attention.train.fit.FitOptions;
import dev.attention.train.fit.FitResult;
import dev.attention.train.fit.Loss;
import dev.attention.train.fit.Optimizer;
import dev.attention.train.fit.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * entmax with learn-alpha in multi-head, through the engine: one α per head, named
 * {@code distribution.head<h>.alpha_logit}, fitted separately, and the fitted values round-trip
 * through a {@code parameters.safetensors} and a config's {@code parameters:} bit for bit.
 */
class MultiHeadLearnedAlphaTest {
    private static final AttentionEngine ENGINE = Attention.engine();
    private static final Map<String, Object> ENTMAX = Map.of("alpha", 1.3, "learn-alpha", true);

    @TempDir
    Path tmp;

    private static Tensor random(long seed, int... shape) {
        Random r = new Random(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = 2 * r.nextDouble() - 1;
        }
        return Tensor.of(DType.FLOAT64, shape, v);
    }

    @Test
    void each_head_learns_its_own_alpha_and_the_fitted_values_load_back() throws IOException {
        Pipeline p = ENGINE.pipeline().variant("multi-head", Map.of("heads", 2, "dim", 4)).alignment("scaled-dot")
                .distribution("entmax", ENTMAX).width("sequence", 4).seed(3).build();
        List<String> alphas = p.parameters().names().stream().filter(n -> n.startsWith("distribution.")).toList();
        assertEquals(List.of("distribution.head0.alpha_logit", "distribution.head1.alpha_logit"), alphas);
        double start = p.parameters().get("distribution.head0.alpha_logit").at(0);
        assertEquals(Math.log(0.3 / 0.7), start, 1e-12, "α = 1 + σ(a) = 1.3 at the start");
        assertEquals(start, p.parameters().get("distribution.head1.alpha_logit").at(0), 0, "every head starts there");

        Tensor x = random(7, 2, 5, 4);
        AttentionInputs in = AttentionInputs.builder().put("sequence", x).build();
        FitResult fit = ENGINE.fit(p, new TrainingData(in, random(11, 2, 5, 4)), FitOptions.builder()
                .loss(Loss.MSE).optimizer(Optimizer.adam(0.05)).epochs(5).seed(1).build());
        double a0 = fit.parameters().get("distribution.head0.alpha_logit").at(0);
        double a1 = fit.parameters().get("distribution.head1.alpha_logit").at(0);
        assertNotEquals(start, a0, "head 0's α moved");
        assertNotEquals(start, a1, "head 1's α moved");
        assertNotEquals(a0, a1, "the heads' α are separate parameters");

        Path stored = tmp.resolve("parameters.safetensors");
        ParameterFiles.write(stored, fit.parameters());
        Safetensors.write(tmp.resolve("data.safetensors"), Map.of("x", x), Map.of());
        Path config = Files.writeString(tmp.resolve("config.yaml"), String.join("\n",
                "seed: 3",
                "pipeline:",
                "  variant: {id: multi-head, heads: 2, dim: 4}",
                "  alignment: scaled-dot",
                "  distribution: {id: entmax, alpha: 1.3, learn-alpha: true}",
                "inputs:",
                "  sequence: {file: data.safetensors, tensor: x}",
                "parameters: parameters.safetensors", ""));
        Job job = ENGINE.load(config);
        Parameters loaded = job.pipeline().parameters();
        assertEquals(a1, loaded.get("distribution.head1.alpha_logit").at(0), 0);
        assertEquals(fit.pipeline().run(in).get("output"), job.pipeline().run(job.inputs()).get("output"));
    }
}
