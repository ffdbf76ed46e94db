package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import dev.attention.train.fit.FitResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped image example (examples/images, tools/make_images.py): only one 4×4 patch of 16
 * decides the class (the colour of the square in it, of four). A seeded fit of pooling with 2-D
 * positions puts its weight on that patch on held-out images far beyond the 1/16 an even spread
 * gives (bound: 8 × chance; the example reaches 0.72), and classifies them.
 */
class ImageRegionTest {
    private static final Path EXAMPLE = Path.of("../examples/images").toAbsolutePath().normalize();
    /** The decisive patch is 1 of the 16 positions: the share of weight an even spread puts there. */
    private static final double CHANCE = 1.0 / 16;

    private final AttentionEngine engine = Attention.engine();

    @TempDir
    Path dir;

    @Test
    void the_fitted_weight_lands_on_the_decisive_patch() throws IOException {
        FitResult fit = engine.fit(engine.load(EXAMPLE.resolve("fit.yaml")));
        Path config = dir.resolve("test.yaml");
        Files.writeString(config, Files.readString(EXAMPLE.resolve("predict.yaml"))
                .replace("file: test.npy", "file: " + EXAMPLE.resolve("test.npy"))
                .replace("parameters: fitted/parameters.safetensors", ""));
        Job test = engine.load(config);
        AttentionResult r = fit.pipeline().run(test.inputs().withWeightsWanted(true));
        Tensor logits = fit.predict(test.inputs());
        List<String> labels = Files.readAllLines(EXAMPLE.resolve("test-labels.csv"));
        Tensor w = r.weights().orElseThrow();
        assertArrayEquals(new int[] {100, 1, 16}, w.shape());
        double share = 0;
        int correct = 0;
        for (int n = 0; n < 100; n++) {
            String[] cells = labels.get(n + 1).split(",");
            share += w.get(n, 0, Integer.parseInt(cells[1])) / 100;
            int predicted = 0;                                  // logits [100, (1,) 4]
            for (int k = 1; k < 4; k++) {
                predicted = logits.at(4 * n + k) > logits.at(4 * n + predicted) ? k : predicted;
            }
            correct += predicted == Integer.parseInt(cells[2]) ? 1 : 0;
        }
        assertTrue(share > 8 * CHANCE, "held-out share of weight on the decisive patch " + share
                + " (chance " + CHANCE + ")");
        assertTrue(correct >= 90, "held-out accuracy " + correct + "/100");
    }
}
