package dev.attention.train.search;

import dev.attention.api.AttentionException;
import dev.attention.api.ConfigException;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.config.SearchConfig;
import dev.attention.train.fit.FitResult;
import dev.attention.train.fit.Fitter;
import dev.attention.train.fit.Head;
import dev.attention.train.fit.TrainingData;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.assembly.pipeline.PipelineOptions;
import dev.attention.assembly.plugin.PluginRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a search: draws the candidates, scores each by cross-validation on up to
 * {@link SearchTask#threads()} threads, ranks them and refits the winner on all the data. The
 * leaderboard is the same bits for any thread count (see the package documentation). Thread-safe.
 */
public final class Searcher {
    private static final Logger LOG = LoggerFactory.getLogger(Searcher.class);

    private final PluginRegistry registry;
    private final PipelineFactory factory;

    public Searcher(PluginRegistry registry, PipelineFactory factory) {
        this.registry = registry;
        this.factory = factory;
    }

    public SearchResult search(SearchTask task, SearchListener listener) {
        SearchConfig config = task.search();
        SearchSpace space = SearchSpace.of(config, task.base(), registry);
        List<Candidate> candidates = config.strategy().equals(SearchConfig.RANDOM)
                ? space.sample(config.trials(), new Random(TrialSeeds.of(task.seed(), "sample")))
                : space.grid();
        Folds.Axis axis = Folds.axis(task.data(), task.fit().leaveOneOut());
        int examples = Folds.examples(task.data(), axis);
        if (config.folds() > examples) {
            Position at = config.positionOf("folds");
            throw new ConfigException(at.file(), at.line(), at.column(), "search.folds", config.folds()
                    + " folds need at least as many examples, but the data has " + examples + " " + axis.description,
                    "lower folds");
        }
        warnIfQueriesAreKeys(task, axis);
        Folds folds = Folds.of(task.data(), task.fit().leaveOneOut(), config.folds(), task.seed());
        Function<Candidate, Pipeline> build = c -> build(task, c);
        CrossValidation cv = new CrossValidation(folds, task.fit(), build);
        LOG.info("{} search over {} candidates: {}-fold cross-validation on {} {}, {} thread(s)", config.strategy(),
                candidates.size(), folds.count(), examples, axis.description, task.threads());

        List<Trial> trials = run(candidates, task, cv, listener);
        List<Trial> ranked = trials.stream().sorted(SearchResult.RANKING).toList();
        Optional<BestModel> best = Optional.empty();
        for (Trial t : ranked) {
            if (!t.ok()) {
                break;
            }
            try {
                best = Optional.of(refit(task, t, build));
                break;
            } catch (AttentionException e) {
                LOG.warn("refitting {} on all the data failed ({}); taking the next best", t.candidate().describe(),
                        e.getMessage());
            }
        }
        return new SearchResult(trials, task.fit().loss(), folds.count(), examples, axis.description,
                config.strategy(), task.seed(), best);
    }

    private List<Trial> run(List<Candidate> candidates, SearchTask task, CrossValidation cv, SearchListener listener) {
        AtomicInteger done = new AtomicInteger();
        Object lock = new Object();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(task.threads(), r -> {
            Thread t = new Thread(r, "attention-search-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Trial>> futures = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                int index = i;
                Candidate c = candidates.get(i);
                futures.add(pool.submit(() -> {
                    Trial t = cv.score(index, c, TrialSeeds.of(task.seed(), c.describe()));
                    synchronized (lock) {
                        listener.finished(done.incrementAndGet(), candidates.size(), t);
                    }
                    return t;
                }));
            }
            List<Trial> trials = new ArrayList<>();
            for (Future<Trial> f : futures) {
                trials.add(f.get());
            }
            return trials;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttentionException("the search was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new AttentionException("a trial failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private Pipeline build(SearchTask task, Candidate c) {
        return factory.create(task.name(), task.dtype(), task.pipelineSeed(), c.variant(), c.alignment(),
                c.distribution(), task.widths(), new PipelineOptions(true, true));
    }

    /** The winner fitted on every example with its trial's seed, and its loss on all the data. */
    private static BestModel refit(SearchTask task, Trial t, Function<Candidate, Pipeline> build) {
        Pipeline p = build.apply(t.candidate());
        TrainingData all = task.data();
        Optional<Head> head = Optional.empty();
        Tensor prediction;
        if (CrossValidation.fits(p, task.fit())) {
            FitResult r = new Fitter().fit(p, all, CrossValidation.withSeed(task.fit(), t.seed()));
            p = r.pipeline();
            head = r.head();
            prediction = r.predict(all.inputs());
        } else {
            prediction = p.run(all.inputs()).output();
        }
        double loss = task.fit().loss().of(prediction, all.targets(), all.targetLengths());
        return new BestModel(t, p, head, loss);
    }

    /** Without leave-one-out, held-out queries that are also keys see their own targets. */
    private static void warnIfQueriesAreKeys(SearchTask task, Folds.Axis axis) {
        var in = task.data().inputs();
        if (axis == Folds.Axis.QUERY_ROWS && in.has(Folds.KEYS) && in.tensor(Folds.KEYS).equals(in.tensor(Folds.QUERIES))) {
            LOG.warn("the queries are also the keys, so each held-out query sees its own row; for kernel regression"
                    + " set fit.leave-one-out: true");
        }
    }
}
