package dev.attention.io.tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The tensor file formats by extension. A new format is one class and one line in {@link #builtIn()}. Immutable. */
public final class TensorFormats {
    private static final TensorFormats BUILT_IN = of(List.of(new NpyFormat(), new SafetensorsFormat()));

    private final List<TensorFormat> formats;

    private TensorFormats(List<TensorFormat> formats) {
        this.formats = formats;
    }

    /** The formats the engine reads: {@code .npy} and {@code .safetensors}. */
    public static TensorFormats builtIn() {
        return BUILT_IN;
    }

    /**
     * These formats.
     *
     * @throws IllegalArgumentException when two share an id or an extension (both classes are named)
     */
    public static TensorFormats of(List<? extends TensorFormat> formats) {
        List<TensorFormat> list = new ArrayList<>();
        for (TensorFormat f : formats) {
            for (TensorFormat g : list) {
                if (g.id().equals(f.id()) || g.extension().equalsIgnoreCase(f.extension())) {
                    throw new IllegalArgumentException("two tensor formats claim '" + f.id() + "' / " + f.extension()
                            + ": " + g.getClass().getName() + " and " + f.getClass().getName());
                }
            }
            list.add(f);
        }
        return new TensorFormats(List.copyOf(list));
    }

    /** The format whose extension {@code file}'s name ends with (case-insensitive), or empty. */
    public Optional<TensorFormat> byFile(Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return formats.stream().filter(f -> lower.endsWith(f.extension().toLowerCase(Locale.ROOT))).findFirst();
    }

    /** The extensions, in registration order, e.g. for a message listing what can be read. */
    public List<String> extensions() {
        return formats.stream().map(TensorFormat::extension).toList();
    }
}
