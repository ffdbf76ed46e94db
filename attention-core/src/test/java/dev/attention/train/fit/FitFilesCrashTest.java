package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.io.table.CommitSteps;
import dev.attention.io.table.SetCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fit's three files survive a crash after any file-system step of their commit as the whole old
 * set or the whole new one: never a {@code parameters.safetensors} of one fit beside the
 * {@code checkpoint.safetensors} of another.
 */
class FitFilesCrashTest {
    @TempDir
    Path tmp;

    private static FitResult fit(int epochs) {
        Pipeline p = Attention.engine().pipeline().variant("pooling").alignment("additive", Map.of("hidden", 4))
                .width("sequence", 3).dtype(DType.FLOAT64).build();
        Random r = new Random(3);
        int n = 8;
        double[] seq = new double[n * 4 * 3];
        for (int k = 0; k < seq.length; k++) {
            seq[k] = r.nextGaussian();
        }
        double[][] labels = new double[n][];
        for (int k = 0; k < n; k++) {
            labels[k] = new double[] {seq[k * 12] > 0 ? 1 : 0};
        }
        TrainingData data = new TrainingData(AttentionInputs.builder()
                .put("sequence", Tensor.of(DType.FLOAT64, new int[] {n, 4, 3}, seq)).build(), Tensor.matrix(DType.FLOAT64, labels));
        return new Fitter().fit(p, data, FitOptions.builder().loss(Loss.CROSS_ENTROPY).head(2).epochs(epochs).seed(4).build());
    }

    @Test
    void a_crash_after_any_step_of_writing_a_fit_leaves_the_old_or_the_new_fit() throws Exception {
        FitOptions options = FitOptions.defaults();
        FitResult oldFit = fit(1);
        FitResult newFit = fit(3);
        Map<String, String> oldFiles = written(tmp.resolve("reference-old"), oldFit);
        Map<String, String> newFiles = written(tmp.resolve("reference-new"), newFit);
        assertEquals(List.of(FitFiles.CHECKPOINT, FitFiles.PARAMETERS, FitFiles.TRAINING), List.copyOf(newFiles.keySet()));
        for (String name : newFiles.keySet()) {
            assertNotEquals(oldFiles.get(name), newFiles.get(name), name + " differs between the fits, so a mix would show");
        }

        List<String> steps = new ArrayList<>();
        Path probe = tmp.resolve("probe").resolve("fitted");
        FitFiles.write(probe, "demo", options, oldFit);
        CommitSteps.during(steps::add, () -> FitFiles.write(probe, "demo", options, newFit));
        int sawOld = 0;
        int sawNew = 0;
        for (int k = 0; k < steps.size(); k++) {
            Path dir = tmp.resolve("k" + k).resolve("fitted");
            FitFiles.write(dir, "demo", options, oldFit);
            int stopAt = k;
            int[] seen = {0};
            try {
                CommitSteps.during(step -> {
                    if (seen[0]++ == stopAt) {
                        throw new CommitSteps.Crash(step);
                    }
                }, () -> FitFiles.write(dir, "demo", options, newFit));
                fail("no crash at step " + k);
            } catch (CommitSteps.Crash expected) {
                // the process "died" here
            }
            String where = "after step " + k + " (" + steps.get(k) + ") of " + steps;
            Map<String, String> survived = files(dir);
            assertTrue(SetCheck.check(dir).whole(), where + ": " + SetCheck.check(dir).message());
            if (survived.equals(oldFiles)) {
                sawOld++;
            } else if (survived.equals(newFiles)) {
                sawNew++;
            } else {
                fail(where + ": a mixed set survived");
            }
            FitFiles.write(dir, "demo", options, newFit);
            assertEquals(newFiles, files(dir), where + ": the next fit writes its set whole");
        }
        assertTrue(sawOld > 0 && sawNew > 0, "crashes before and after the switch: old " + sawOld + ", new " + sawNew);
    }

    @Test
    void an_earlier_versions_fit_folder_is_migrated_and_its_parameters_json_does_not_stay() throws IOException {
        Path dir = tmp.resolve("fitted");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("parameters.json"), "{\"old\": true}");
        Files.writeString(dir.resolve("training.json"), "{}");
        FitResult newFit = fit(1);
        FitFiles.write(dir, "demo", FitOptions.defaults(), newFit);
        assertEquals(written(tmp.resolve("reference"), newFit), files(dir));
        assertTrue(Files.isSymbolicLink(dir));
    }

    private static Map<String, String> written(Path dir, FitResult fit) throws IOException {
        FitFiles.write(dir, "demo", FitOptions.defaults(), fit);
        return files(dir);
    }

    /** Each file's bytes (hex), manifest aside. */
    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.getFileName().toString().startsWith(".")) {
                    out.put(p.getFileName().toString(), HexFormat.of().formatHex(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }
}
