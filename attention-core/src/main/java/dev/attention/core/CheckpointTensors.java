package dev.attention.core;

import dev.attention.api.Tensor;
import dev.attention.io.tensor.Safetensors;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a safetensors file by name, each read when first asked for: a model's checkpoint holds
 * every layer, and an import or a name map uses a few tensors of it, so only the header and those
 * tensors are read. Iterating the entries reads each value as it is reached. Not thread-safe; one per load.
 */
final class CheckpointTensors extends AbstractMap<String, Tensor> {
    private final Path file;
    private final Set<String> names;
    private final Map<String, Tensor> read = new HashMap<>();

    CheckpointTensors(Path file) {
        this.file = file;
        this.names = new LinkedHashSet<>(Safetensors.names(file));
    }

    @Override
    public boolean containsKey(Object key) {
        return names.contains(key);
    }

    @Override
    public Tensor get(Object key) {
        if (!(key instanceof String name) || !names.contains(name)) {
            return null;
        }
        return read.computeIfAbsent(name, n -> Safetensors.read(file, n));
    }

    @Override
    public Set<String> keySet() {
        return java.util.Collections.unmodifiableSet(names);
    }

    @Override
    public int size() {
        return names.size();
    }

    @Override
    public Set<Entry<String, Tensor>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Tensor>> iterator() {
                Iterator<String> it = names.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, Tensor> next() {
                        String n = it.next();
                        return new SimpleImmutableEntry<>(n, get(n));
                    }
                };
            }

            @Override
            public int size() {
                return names.size();
            }
        };
    }
}
