package dev.attention.core;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.Position;
import dev.attention.io.tensor.MaskArray;
import dev.attention.api.Pipeline;
import dev.attention.assembly.config.FitConfig;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.data.DataLoader;
import dev.attention.assembly.data.LoadedInput;
import dev.attention.train.fit.CheckpointFile;
import dev.attention.train.fit.FitOptions;
import dev.attention.train.fit.FitResult;
import dev.attention.train.fit.Fitter;
import dev.attention.train.fit.GradientSource;
import dev.attention.train.fit.TrainingData;
import dev.attention.train.search.SearchListener;
import dev.attention.train.search.SearchResult;
import dev.attention.train.search.SearchTask;
import dev.attention.train.search.Searcher;
import java.nio.file.Path;
import java.util.List;

/**
 * Fits and searches loaded jobs by their {@code fit:} and {@code search:} sections: the glue between
 * a {@link Job} and the train module's {@link Fitter} and {@link Searcher}, which know no config
 * files. Behind {@link AttentionEngine#fit(Job)}, {@link AttentionEngine#resume} and
 * {@link AttentionEngine#search(Job, SearchListener, int)}.
 */
@Singleton
final class JobTrainer {
    private final Fitter fitter;
    private final Searcher searcher;
    private final PathLog pathLog;
    private final DataLoader reader;

    @Inject
    JobTrainer(Fitter fitter, Searcher searcher, PathLog pathLog, DataLoader reader) {
        this.fitter = fitter;
        this.searcher = searcher;
        this.pathLog = pathLog;
        this.reader = reader;
    }

    FitResult fit(Pipeline pipeline, TrainingData data, FitOptions options) {
        return fitter.fit(pipeline, data, options);
    }

    FitResult fit(Job job) {
        return fit(job, GradientSource.LOCAL);
    }

    FitResult fit(Job job, GradientSource source) {
        return pathLog.traced(job, "fit", () -> fitter.fit(job.pipeline(), trainingData(job), fitOptions(job), source));
    }

    FitResult resume(Job job, Path checkpoint) {
        return fitter.resume(job.pipeline(), trainingData(job), fitOptions(job), CheckpointFile.read(checkpoint));
    }

    /** The {@code fit:} section as options (seed defaults to the config's). */
    FitOptions fitOptions(Job job) {
        return FitSettings.options(fitSection(job), job.config().seed());
    }

    /** The job's inputs with its {@code fit.targets} and {@code fit.train-mask}. */
    TrainingData trainingData(Job job) {
        FitConfig f = fitSection(job);
        LoadedInput t = job.targets().orElseThrow();
        return new TrainingData(job.inputs(), t.tensor(), t.lengths(), f.trainMask().map(this::trainMask));
    }

    /**
     * {@code fit.train-mask} as a column of 0/1, read as a mask input is (bool, integer or float
     * file, CSV column); any other value is one line naming the file, the element and the fix.
     */
    private Tensor trainMask(InputConfig ic) {
        Position p = ic.position();
        MaskArray m;
        try {
            m = reader.loadMask(ic);
        } catch (dev.attention.api.DataException e) {
            throw e.within("for fit.train-mask" + (p.file() == null ? "" : " at " + p.file() + ":" + p.line() + ":"
                    + p.column()));
        }
        double[] v = m.values();
        for (int k = 0; k < v.length; k++) {
            if (v[k] != 0 && v[k] != 1) {
                throw new ConfigException(p.file(), p.line(), p.column(), "fit.train-mask",
                        ic.file().map(Path::toString).orElse("inline") + ": element " + k + " (row-major) is " + v[k]
                                + ", neither 1 (train) nor 0 (held out)",
                        "give one 1 or 0 (or true/false) per prediction row");
            }
        }
        return Tensor.of(DType.FLOAT64, new int[] {v.length, 1}, v);
    }

    /** @param threads trials at once; 0 = the config's {@code search.threads}, else one per processor */
    SearchResult search(Job job, SearchListener listener, int threads) {
        JobConfig c = job.config();
        var search = c.search().orElseThrow(() -> new ConfigException(c.file().map(Path::toString).orElse(null), 0, 0,
                "search", "the config has no 'search:' section",
                "add search: {alignment: [dot, gaussian], distribution: [softmax, sparsemax], folds: 5}"));
        int t = threads > 0 ? threads : search.threads() > 0 ? search.threads()
                : Runtime.getRuntime().availableProcessors();
        SearchTask task = new SearchTask(c.name(), c.dtype(), c.seed(), job.widths(),
                List.of(c.variant(), c.alignment(), c.distribution()), trainingData(job), fitOptions(job), search,
                search.seed().orElse(c.seed()), t);
        return pathLog.traced(job, "search", () -> searcher.search(task, listener));
    }

    private static FitConfig fitSection(Job job) {
        return job.config().fit().orElseThrow(() -> new ConfigException(job.config().file().map(Path::toString)
                .orElse(null), 0, 0, "fit", "the config has no 'fit:' section",
                "add fit: {loss: mse, optimizer: {id: adam, lr: 0.01}, epochs: 100, targets: {file: …, columns: […]}}"));
    }
}
