package dev.attention.io.tensor;

import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A tensor file as an input data source: the format by extension, the tensor by name (or the only
 * one) for safetensors, and the same rules as CSV data — at least one value, every value finite.
 * Integer arrays (node indices, class labels) load as data too, exactly, as float64 (see
 * {@link #load}); bool arrays only as masks.
 */
public final class TensorFiles {
    private TensorFiles() {
    }

    /**
     * Loads {@code file}. A float array keeps its dtype; a signed or unsigned integer array of 1 to 8
     * bytes ({@code .npy} {@code <i1}…{@code <u8}, safetensors {@code I8}…{@code U64}) loads as a
     * float64 tensor of the same numbers, refused with one line when a value's magnitude is 2^53 or
     * more (a double would round it). Bool is refused: it is a mask's type.
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
        if (storesIntegers(file, tensor)) {
            return IntegerData.toTensor(file.toString(), name, loadMask(file, tensor));
        }
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
     * Whether {@code file} (its {@code tensor}, as for {@link #load}) stores a signed or unsigned
     * integer array, from its header alone; false for every other dtype, other files, and files that
     * cannot be read.
     */
    public static boolean storesIntegers(Path file, Optional<String> tensor) {
        String f = file.getFileName() == null ? "" : file.getFileName().toString();
        Optional<StorageType> t = Optional.empty();
        if (f.endsWith(Npy.EXTENSION)) {
            t = tensor.isPresent() ? Optional.empty() : Npy.storedType(file);
        } else if (f.endsWith(Safetensors.EXTENSION)) {
            t = Safetensors.storedType(file, tensor);
        }
        return t.isPresent() && !t.get().floating() && t.get() != StorageType.BOOL;
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
