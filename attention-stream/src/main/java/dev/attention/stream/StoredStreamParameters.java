package dev.attention.stream;

import dev.attention.api.ConfigException;
import dev.attention.api.Parameters;
import dev.attention.assembly.config.ParametersSource;
import dev.attention.assembly.config.Position;
import dev.attention.io.tensor.ParameterFiles;

/**
 * A stream config's {@code parameters:} file, so {@code attention stream} answers with fitted values
 * (e.g. monotonic attention trained with {@code attention fit}). Only the engine's own names, as
 * {@code attention fit} writes them: imports and name maps are resolved against a batch pipeline,
 * which a stream does not build until its widths arrive. A fitted head is refused: a stream answers
 * with the attention output, not the head's prediction. Names are checked against the pipeline's
 * when the widths arrive, as for {@link StreamBuilder#parameters}.
 */
final class StoredStreamParameters {
    private static final String KEY = "parameters";

    private StoredStreamParameters() {
    }

    static Parameters read(ParametersSource source) {
        Position p = source.position();
        if (!source.format().equals(ParametersSource.ATTENTION) || !source.prefix().isEmpty()
                || !source.names().isEmpty()) {
            throw new ConfigException(p.file(), p.line(), p.column(), KEY,
                    "a stream reads a parameters file in the engine's own names only, not format, prefix or names",
                    "write the file with 'attention fit', or stream from Java with StreamBuilder.parameters");
        }
        Parameters stored = ParameterFiles.read(source.file());
        for (String name : stored.names()) {
            if (name.startsWith("head.")) {
                throw new ConfigException(p.file(), p.line(), p.column(), KEY, source.file().getFileName()
                        + " has a fitted head ('" + name + "'), which a stream does not apply",
                        "use 'attention run' for the head's predictions, or fit without a head to stream");
            }
        }
        return stored;
    }
}
