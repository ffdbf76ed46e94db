package dev.attention.core;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.data.CsvChunks;
import dev.attention.assembly.data.DataLoader;
import dev.attention.assembly.data.LoadedInput;
import dev.attention.io.tensor.MaskArray;
import dev.attention.io.tensor.TensorFiles;
import java.util.List;
import java.util.Optional;

/**
 * Reads one configured input, whole or a chunk of rows at a time, with its errors placed at the
 * input's key in the config ({@code for inputs.queries at config.yaml:7:3}). Loading a job and
 * running one in chunks both read inputs, so they share this.
 */
@Singleton
final class InputReader {
    private final DataLoader dataLoader;

    @Inject
    InputReader(DataLoader dataLoader) {
        this.dataLoader = dataLoader;
    }

    /** The input whole (an image as its sequences, see {@link ImageInput}); in float32, every number checked to fit. */
    LoadedInput load(InputConfig ic, DType dtype) {
        return loadArranged(ic, dtype).input();
    }

    /** {@link #load}, with the grid an image's positions were flattened from. */
    ImageInput.Arranged loadArranged(InputConfig ic, DType dtype) {
        try {
            ImageInput.Arranged arranged = ImageInput.arrange(ic, dataLoader.load(ic));
            if (dtype == DType.FLOAT32) {
                fitsFloat32(arranged.input(), 0);
                if (ic.file().isPresent() && TensorFiles.storesIntegers(ic.file().get(), ic.tensor())) {
                    integersExactInFloat32(arranged.input());
                }
            }
            return arranged;
        } catch (DataException e) {
            throw within(e, ic);
        }
    }

    /** A mask or lengths input (see {@link MaskInputs}), errors placed like {@link #load}'s. */
    MaskArray loadMask(InputConfig ic) {
        if (!ic.groups().isEmpty() || ic.labels().isPresent()) {
            Position p = ic.position();
            throw new dev.attention.api.ConfigException(p.file(), p.line(), p.column(), "inputs." + ic.name(),
                    "a mask input takes no group: or labels:", "give the mask as a .npy, .safetensors or CSV file,"
                            + " one row per batch element");
        }
        try {
            return dataLoader.loadMask(ic);
        } catch (DataException e) {
            throw within(e, ic);
        }
    }

    /** Opens a CSV input for reading in chunks; errors are placed like {@link #load}'s. */
    CsvChunks openChunks(InputConfig ic, int rowsPerChunk) {
        try {
            return CsvChunks.open(ic.file().orElseThrow(), ic.columns(), ic.header(), rowsPerChunk);
        } catch (DataException e) {
            throw within(e, ic);
        }
    }

    /** The next chunk of a streamed input, checked as a whole load would check it. */
    Optional<Tensor> nextChunk(CsvChunks chunks, InputConfig ic, DType dtype) {
        long before = chunks.rowsRead();
        try {
            Optional<Tensor> t = chunks.next();
            if (t.isPresent() && dtype == DType.FLOAT32) {
                fitsFloat32(new LoadedInput(t.get(), Optional.empty(), chunks.columns(), ic.file().get().toString()),
                        before);
            }
            return t;
        } catch (DataException e) {
            throw within(e, ic);
        }
    }

    /**
     * A number beyond float32's range loads fine as a double and becomes infinity in the run, which
     * then failed as "non-finite values in 'output'" without naming the cell.
     *
     * @param firstRow data rows before this tensor's first (for a chunk of a file)
     */
    private static void fitsFloat32(LoadedInput li, long firstRow) {
        Tensor t = li.tensor();
        if (t.dtype() == DType.FLOAT32) {
            // Read from a float32 tensor file, whose values were refused unless finite: all fit.
            // Skipped rather than checked again: one call per element, interpreted in a cold JVM.
            return;
        }
        for (int b = 0; b < t.batchSize(); b++) {
            for (int i = 0; i < t.rows(); i++) {
                for (int j = 0; j < t.cols(); j++) {
                    double v = t.get(b, i, j);
                    if (Math.abs(v) > Float.MAX_VALUE) {
                        String row = t.rank() > 2 ? element(li, b) + ", row " + (i + 1) : "data row " + (firstRow + i + 1);
                        throw new DataException(li.source(), 0, li.columns().get(j), row + ": " + v
                                + " is beyond float32's range (±3.4e38); use dtype: float64 or rescale the data");
                    }
                }
            }
        }
    }

    /**
     * Integers from an integer file are indices or labels: float32 rounds those beyond 2^24 to a
     * neighbour (another node), so they are refused rather than rounded.
     */
    private static void integersExactInFloat32(LoadedInput li) {
        Tensor t = li.tensor();
        for (int k = 0, n = t.size(); k < n; k++) {
            double v = t.at(k);
            if ((float) v != v) {
                throw new DataException(li.source(), 0, null, "element " + k + " (row-major) is the integer "
                        + (long) v + ", which float32 does not hold exactly (integers beyond 2^24 = 16777216 round);"
                        + " use dtype: float64");
            }
        }
    }

    /**
     * Batch element {@code b} for messages: its group, or for nested groups its outermost group and
     * its place within it (batch elements are the innermost groups, {@code D·S} of them).
     */
    private static String element(LoadedInput li, int b) {
        List<String> groups = li.groups();
        int perGroup = groups.isEmpty() ? 0 : li.tensor().batchSize() / groups.size();
        if (perGroup == 0) {
            return "batch element " + (b + 1);
        }
        String group = "group " + groups.get(b / perGroup);
        return perGroup == 1 ? group : group + ", subgroup " + (b % perGroup + 1);
    }

    private static DataException within(DataException e, InputConfig ic) {
        Position p = ic.position();
        return e.within("for inputs." + ic.name() + (p.file() == null ? ""
                : " at " + p.file() + ":" + p.line() + ":" + p.column()));
    }
}
