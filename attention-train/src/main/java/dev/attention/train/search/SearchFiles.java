package dev.attention.train.search;

import dev.attention.api.AttentionException;
import dev.attention.assembly.config.JobConfig;
import dev.attention.io.table.AtomicFiles;
import dev.attention.io.tensor.ParameterFiles;
import dev.attention.train.fit.FitFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a search's {@value #LEADERBOARD}, and when a trial was scored {@value #BEST} with its
 * {@value #PARAMETERS} (the safetensors file {@code attention fit} writes, with the same
 * metadata), all in one commit.
 */
public final class SearchFiles {
    public static final String LEADERBOARD = "leaderboard.csv";
    public static final String BEST = "best.yaml";
    public static final String PARAMETERS = FitFiles.PARAMETERS;

    private SearchFiles() {
    }

    /** @return the files written */
    public static List<Path> write(Path dir, JobConfig config, SearchResult result) {
        Map<String, AtomicFiles.Bytes> files = new LinkedHashMap<>();
        files.put(LEADERBOARD, AtomicFiles.asBytes(w -> LeaderboardCsv.write(w, result)));
        result.best().ifPresent(best -> {
            files.put(BEST, AtomicFiles.asBytes(w -> w.write(BestConfig.yaml(config, result, dir, PARAMETERS))));
            files.put(PARAMETERS, out -> ParameterFiles.write(out, best.parameters(),
                    Map.of("name", config.name() + "-best", "pipeline", best.pipeline().describe())));
        });
        try {
            return AtomicFiles.writeBytes(dir, files);
        } catch (IOException e) {
            throw new AttentionException("cannot write the search to " + dir + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }
}
