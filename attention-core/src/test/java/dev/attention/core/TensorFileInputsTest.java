package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: configs whose inputs come from .npy and .safetensors run as their CSV twins do. */
class TensorFileInputsTest {
    private final AttentionEngine engine = Attention.engine();

    @TempDir
    Path dir;

    private static Path e2e(String name) throws URISyntaxException {
        return Path.of(TensorFileInputsTest.class.getResource("/tensorio/e2e/" + name).toURI());
    }

    private AttentionResult run(String config) throws URISyntaxException {
        return engine.run(engine.load(e2e(config)));
    }

    @Test
    void npy_and_safetensors_inputs_give_the_csv_result_bit_for_bit() throws URISyntaxException {
        AttentionResult csv = run("csv.yaml");
        AttentionResult tensors = run("tensors.yaml");
        assertEquals(csv.output(), tensors.output());
        assertEquals(csv.weights(), tensors.weights());
        assertArrayEquals(new int[] {3, 1}, tensors.output().shape());
    }

    @Test
    void a_rank_three_array_keeps_its_batch_dimension() throws URISyntaxException {
        Job job = engine.load(e2e("self-npy.yaml"));
        assertArrayEquals(new int[] {2, 3, 2}, job.inputs().tensor("sequence").shape());
        AttentionResult npy = engine.run(job);
        AttentionResult csv = run("self-csv.yaml");
        assertEquals(csv.output(), npy.output());
        assertEquals(csv.weights(), npy.weights());
    }

    @Test
    void a_safetensors_file_with_several_tensors_needs_a_name() throws IOException, URISyntaxException {
        Files.copy(e2e("train.safetensors"), dir.resolve("train.safetensors"));
        Path config = dir.resolve("job.yaml");
        Files.writeString(config, String.join("\n", "pipeline: {alignment: dot}", "inputs:",
                "  keys: train.safetensors", "  values: {file: train.safetensors, tensor: value}",
                "  queries: {data: [[1.0]]}", ""));
        DataException e = assertThrows(DataException.class, () -> engine.load(config));
        assertTrue(e.getMessage().contains("train.safetensors: holds 2 tensors (keys, values); choose one with tensor: <name>"),
                e.getMessage());
        Files.writeString(config, Files.readString(config).replace("keys: train.safetensors",
                "keys: {file: train.safetensors, tensor: keys}"));
        e = assertThrows(DataException.class, () -> engine.load(config));
        assertTrue(e.getMessage().contains("tensor 'value': no such tensor; did you mean 'values'? the file has keys, values"),
                e.getMessage());
    }

    @Test
    void non_finite_and_empty_arrays_are_refused_like_csv_cells() throws IOException, URISyntaxException {
        Path nan = Path.of(TensorFileInputsTest.class.getResource("/tensorio/corrupt/nan.npy").toURI());
        DataException e = assertThrows(DataException.class,
                () -> new dev.attention.assembly.data.DataLoader().readTensorFile(nan, java.util.Optional.empty()));
        assertEquals(nan + ": element 1 (row-major) is NaN; remove or impute NaN and infinite values", e.getMessage());
        Path empty = dir.resolve("empty.npy");
        dev.attention.io.tensor.Npy.write(empty, Tensor.zeros(dev.attention.api.DType.FLOAT64, 0, 2));
        e = assertThrows(DataException.class,
                () -> new dev.attention.assembly.data.DataLoader().readTensorFile(empty, java.util.Optional.empty()));
        assertEquals(empty + ": holds no values (shape [0, 2])", e.getMessage());
    }
}
