package dev.attention.api.spi;

import dev.attention.api.Alignment;

/** Service interface for {@link Alignment} plugins. */
public interface AlignmentProvider extends PluginProvider<Alignment> {
    @Override
    default PluginKind kind() {
        return PluginKind.ALIGNMENT;
    }

    /**
     * True when the alignment scores key {@code j} from key {@code j}'s row and the query alone, not
     * from {@code j}'s position among the keys, so a stream scores each arriving key once and a
     * sliding cache may forget old keys. False by default (the stream then rescores every key).
     */
    default boolean scoresEachKeyAlone() {
        return false;
    }
}
