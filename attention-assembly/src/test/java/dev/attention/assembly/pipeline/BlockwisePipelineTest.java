package dev.attention.assembly.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.kernel.KernelExecutor;
import dev.attention.assembly.plugin.PluginRegistry;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Blocks of query rows through the plugin variant give exactly the one-piece result. */
class BlockwisePipelineTest {
    private static final PipelineFactory FACTORY =
            new PipelineFactory(PluginRegistry.discover(BlockwisePipelineTest.class.getClassLoader()));

    private static AssembledPipeline general(String alignment, String distribution, DType dtype) {
        return (AssembledPipeline) FACTORY.create("p", dtype, 0, ComponentConfig.of("v", "global", Map.of()),
                ComponentConfig.of("a", alignment, Map.of()), ComponentConfig.of("d", distribution, Map.of()),
                Map.of(), new PipelineOptions(true, false));
    }

    private static Tensor random(Random rnd, DType dtype, boolean positive, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        double[] x = new double[size];
        for (int t = 0; t < size; t++) {
            x[t] = positive ? rnd.nextDouble() + 0.1 : rnd.nextGaussian();
        }
        return Tensor.of(dtype, shape, x);
    }

    private static AttentionInputs inputs(boolean positive, boolean padded) {
        Random rnd = new Random(4);
        DType t = DType.FLOAT32;
        AttentionInputs.Builder b = AttentionInputs.builder();
        if (padded) {
            b.put("queries", random(rnd, t, positive, 2, 23, 4), 23, 9).put("keys", random(rnd, t, positive, 2, 6, 4), 6, 2)
                    .put("values", random(rnd, t, positive, 2, 6, 3), 6, 2);
        } else {
            b.put("queries", random(rnd, t, positive, 2, 23, 4)).put("keys", random(rnd, t, positive, 2, 6, 4))
                    .put("values", random(rnd, t, positive, 2, 6, 3));
        }
        return b.build();
    }

    @ParameterizedTest
    @CsvSource({"cosine, softmax, false", "cosine, sigmoid, true", "dot, normalize, true", "scaled-dot, sigmoid, false"})
    void blocks_of_rows_give_the_same_bits_as_one_piece(String alignment, String distribution, boolean padded) {
        AssembledPipeline general = general(alignment, distribution, DType.FLOAT32);
        AttentionInputs in = inputs(true, padded);
        // 5 rows per block for 6 keys: 23 rows make 5 blocks, the last one short, on 3 threads.
        AttentionResult blocks = new BlockwisePipeline(general, new KernelExecutor(3), 30).run(in);
        assertEquals(Set.of(AttentionResult.OUTPUT), blocks.names());
        assertEquals(general.run(in).output(), blocks.output());
    }

    @Test
    void an_error_in_a_block_is_reported_as_the_one_piece_run_reports_it() {
        AssembledPipeline general = general("dot", "normalize", DType.FLOAT32);
        AttentionInputs in = inputs(false, false);
        AttentionException whole = assertThrows(AttentionException.class, () -> general.run(in));
        AttentionException blocks = assertThrows(AttentionException.class,
                () -> new BlockwisePipeline(general, new KernelExecutor(2), 30).run(in));
        assertEquals(whole.getMessage(), blocks.getMessage());
    }
}
