package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.io.tensor.ParameterFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fitting N epochs equals fitting k, writing {@code checkpoint.safetensors}, reading it back and
 * resuming for N − k, bit for bit: parameters, head, history and the final checkpoint.
 */
class ResumeTest {
    @TempDir
    Path tmp;

    private static Pipeline pooling(DType dtype) {
        return Attention.engine().pipeline().variant("pooling").alignment("additive", Map.of("hidden", 4))
                .width("sequence", 3).dtype(dtype).build();
    }

    private static TrainingData sequences() {
        Random r = new Random(5);
        int n = 16;
        double[] seq = new double[n * 4 * 3];
        for (int k = 0; k < seq.length; k++) {
            seq[k] = r.nextGaussian();
        }
        double[][] labels = new double[n][];
        for (int k = 0; k < n; k++) {
            labels[k] = new double[] {seq[k * 12] > 0 ? 1 : 0};
        }
        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", Tensor.of(DType.FLOAT64, new int[] {n, 4, 3}, seq)).build();
        return new TrainingData(in, Tensor.matrix(DType.FLOAT64, labels));
    }

    private Checkpoint roundTrip(Checkpoint c) throws IOException {
        Path f = tmp.resolve("checkpoint-" + c.epoch() + ".safetensors");
        try (OutputStream out = Files.newOutputStream(f)) {
            CheckpointFile.write(out, c);
        }
        return CheckpointFile.read(f);
    }

    private void assertSplitEqualsWhole(Pipeline p, TrainingData data, UnaryOperator<FitOptions.Builder> settings,
            int n, int k) throws IOException {
        FitOptions whole = settings.apply(FitOptions.builder()).epochs(n).build();
        FitOptions part = settings.apply(FitOptions.builder()).epochs(k).build();
        FitResult once = new Fitter().fit(p, data, whole);
        FitResult first = new Fitter().fit(p, data, part);
        FitResult resumed = new Fitter().resume(p, data, whole, roundTrip(first.checkpoint()));
        assertEquals(once.parameters(), resumed.parameters());
        assertEquals(once.history(), resumed.history());
        assertEquals(once.bestEpoch(), resumed.bestEpoch());
        assertEquals(once.checkpoint().buffers(), resumed.checkpoint().buffers());
        assertEquals(once.checkpoint().steps(), resumed.checkpoint().steps());
        // And the files they write are the same bytes.
        assertEquals(bytes(once.checkpoint()), bytes(resumed.checkpoint()));
    }

    private String bytes(Checkpoint c) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        CheckpointFile.write(out, c);
        return java.util.HexFormat.of().formatHex(out.toByteArray());
    }

    @Test
    void adam_with_head_validation_early_stopping_and_mini_batches_resumes_exactly() throws IOException {
        for (DType dtype : DType.values()) {
            assertSplitEqualsWhole(pooling(dtype), sequences(), b -> b.loss(Loss.CROSS_ENTROPY).head(2).batchSize(4)
                    .validationSplit(0.25).init(new Init.Xavier()).clipNorm(1.0).seed(9)
                    .optimizer(new Optimizer.Adam(0.05, 0.9, 0.999, 1e-8, 0.01))
                    .earlyStopping(new EarlyStopping(20, 0)).schedule(new Schedule.Cosine(12, 0.001)), 12, 5);
        }
    }

    @Test
    void sgd_with_momentum_and_leave_one_out_resumes_exactly() throws IOException {
        Tensor x = KernelData.column("train.csv", 0);
        Tensor y = KernelData.column("train.csv", 1);
        Pipeline p = Attention.engine().pipeline().variant("global").alignment("gaussian").width("queries", 1)
                .width("keys", 1).width("values", 1).build();
        TrainingData data = new TrainingData(AttentionInputs.builder().put("queries", x).put("keys", x)
                .put("values", y).build(), y);
        assertSplitEqualsWhole(p, data, b -> b.leaveOneOut(true).batchSize(16).validationSplit(0.2)
                .optimizer(Optimizer.sgd(0.5, 0.9)).schedule(new Schedule.Step(3, 0.5)), 9, 1);
    }

    @Test
    void a_checkpoint_of_another_fit_is_refused_with_the_reason() throws IOException {
        Pipeline p = pooling(DType.FLOAT64);
        TrainingData data = sequences();
        FitOptions.Builder base = FitOptions.builder().loss(Loss.CROSS_ENTROPY).head(2).epochs(3);
        Checkpoint c = roundTrip(new Fitter().fit(p, data, base.build()).checkpoint());

        AttentionException done = assertThrows(AttentionException.class, () -> new Fitter().resume(p, data,
                base.build(), c));
        assertTrue(done.getMessage().contains("at epoch 3 but fit.epochs is 3"), done.getMessage());
        AttentionException sgd = assertThrows(AttentionException.class, () -> new Fitter().resume(p, data,
                base.epochs(6).optimizer(Optimizer.sgd(0.1, 0)).build(), c));
        assertTrue(sgd.getMessage().contains("holds adam state but fit.optimizer is sgd"), sgd.getMessage());
        AttentionException seed = assertThrows(AttentionException.class, () -> new Fitter().resume(p, data,
                base.optimizer(Optimizer.adam(0.01)).seed(4).build(), c));
        assertTrue(seed.getMessage().contains("seed 0"), seed.getMessage());
        AttentionException head = assertThrows(AttentionException.class, () -> new Fitter().resume(p, data,
                base.seed(0).head(3).build(), c));
        assertTrue(head.getMessage().contains("'head.weight'") && head.getMessage().contains("another pipeline"),
                head.getMessage());
    }

    @Test
    void a_parameters_file_is_not_a_checkpoint() {
        Path f = tmp.resolve("parameters.safetensors");
        ParameterFiles.write(f, pooling(DType.FLOAT64).parameters());
        DataException e = assertThrows(DataException.class, () -> CheckpointFile.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("format 'attention'"),
                e.getMessage());
    }
}
