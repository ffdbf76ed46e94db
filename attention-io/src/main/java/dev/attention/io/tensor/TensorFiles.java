package dev.attention.io.tensor;

import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A tensor file as an input data source: the format by extension, the tensor by name (or the only
 * one) for safetensors, and the same rules as CSV data — at least one value, every value finite.
 */
public final class TensorFiles {
    private TensorFiles() {
    }

    /**
     * Loads {@code file}.
     *
     * @param tensor the tensor to take from a safetensors file; empty takes a file's only tensor.
     *               Must be empty for .npy.
     * @throws DataException naming the file (and tensor) for an unreadable, corrupt or non-finite file
     * @throws IllegalArgumentException when {@code file} is not a tensor file
     */
    public static Tensor load(Path file, Optional<String> tensor) {
        TensorFormat format = TensorFormat.of(file).orElseThrow(() -> new IllegalArgumentException(
                file + " is not one of " + TensorFormats.builtIn().extensions() + " files"));
        if (tensor.isPresent() && !format.holdsNamedTensors()) {
            throw new IllegalArgumentException("a " + format.extension() + " file holds one array; 'tensor' does not apply");
        }
        String name = tensor.orElse(null);
        Tensor t = format.read(file, tensor);
        if (t.size() == 0) {
            // As for a CSV without data rows: an empty input is a mistake, not an empty result.
            String why = "holds no values (shape " + java.util.Arrays.toString(t.shape()) + ")";
            throw name == null ? Problems.inFile(file.toString(), why) : Problems.inTensor(file.toString(), name, why);
        }
        FiniteValues.check(file.toString(), name, t);
        return t;
    }

    /**
     * The dtype {@code file} (its {@code tensor}, as for {@link #load}) loads as, read from its header
     * alone: float32 for F32 (and the half floats), float64 for F64; empty for bool and integer
     * arrays, other files, and files that cannot be read.
     */
    public static Optional<DType> readsAs(Path file, Optional<String> tensor) {
        String f = file.getFileName() == null ? "" : file.getFileName().toString();
        if (f.endsWith(Npy.EXTENSION)) {
            return tensor.isPresent() ? Optional.empty() : Npy.readsAs(file);
        }
        return f.endsWith(Safetensors.EXTENSION) ? Safetensors.readsAs(file, tensor) : Optional.empty();
    }

    /**
     * Loads {@code file} where a mask or lengths are expected: bool, integer or floating point, in
     * its stored shape, values unchecked (the caller knows what it expects).
     *
     * @param tensor as for {@link #load}
     * @throws DataException naming the file (and tensor) for an unreadable or corrupt file, or one holding no values
     * @throws IllegalArgumentException when {@code file} is neither .npy nor .safetensors
     */
    public static MaskArray loadMask(Path file, Optional<String> tensor) {
        String f = file.getFileName() == null ? "" : file.getFileName().toString();
        MaskArray a;
        if (f.endsWith(Npy.EXTENSION)) {
            if (tensor.isPresent()) {
                throw new IllegalArgumentException("a .npy file holds one array; 'tensor' does not apply");
            }
            a = Npy.readMask(file);
        } else if (f.endsWith(Safetensors.EXTENSION)) {
            a = Safetensors.readMask(file, tensor);
        } else {
            throw new IllegalArgumentException(file + " is neither a .npy nor a .safetensors file");
        }
        if (a.size() == 0) {
            throw Problems.inFile(file.toString(), "holds no values (shape " + a.shapeText() + ")");
        }
        return a;
    }
}
