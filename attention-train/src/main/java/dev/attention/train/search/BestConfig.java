package dev.attention.train.search;

import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.FitConfig;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.JobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code best.yaml}: the search's config with the winning pipeline, its fitted parameters
 * ({@code parameters:}) and a {@code search:} section pinned to that one candidate, so that
 * {@code attention run best.yaml} runs the refitted model and {@code attention search best.yaml}
 * re-scores it to the same bits. A file inside the folder it is written to is named relative to it;
 * any other file by its absolute path, since that folder is a link to a generation folder and a
 * {@code ..} through a link leads out of the generation, not out of the link's folder.
 */
public final class BestConfig {
    private BestConfig() {
    }

    /**
     * @param config     the searched config
     * @param result     the search's result, with a best model
     * @param dir        where best.yaml goes (paths inside it are made relative to it)
     * @param parameters the parameters file's name, next to best.yaml
     */
    public static String yaml(JobConfig config, SearchResult result, Path dir, String parameters) {
        BestModel best = result.best().orElseThrow();
        Trial t = best.trial();
        Path base = dir.toAbsolutePath().normalize();
        StringBuilder y = new StringBuilder();
        y.append("# The best pipeline of `attention search` on ")
                .append(config.file().map(f -> f.getFileName().toString()).orElse(config.name()))
                .append(String.format(Locale.ROOT, ": trial %d, %s %.6g ± %.6g over %d folds (%s search, seed %d).%n",
                        t.index(), result.metric().id(), t.mean(), t.std(), result.folds(), result.strategy(),
                        result.seed()))
                .append(String.format(Locale.ROOT, "# %s is its fit on all the data (%s %.6g in-sample).%n",
                        parameters, result.metric().id(), best.fullDataLoss()))
                .append("#   attention run best.yaml       runs it\n")
                .append("#   attention search best.yaml    re-scores this one candidate on the same folds\n");
        y.append("name: ").append(quote(config.name() + "-best")).append('\n');
        y.append("seed: ").append(config.seed()).append('\n');
        y.append("dtype: ").append(config.dtype().id()).append('\n');
        y.append("pipeline:\n");
        y.append("  variant: ").append(component(t.candidate().variant())).append('\n');
        y.append("  alignment: ").append(component(t.candidate().alignment())).append('\n');
        y.append("  distribution: ").append(component(t.candidate().distribution())).append('\n');
        y.append("inputs:\n");
        config.inputs().values().forEach(in -> y.append("  ").append(in.name()).append(": ")
                .append(input(in, base)).append('\n'));
        config.fit().ifPresent(f -> fit(y, f, t.seed(), base));
        y.append("search:\n");
        y.append("  folds: ").append(result.folds()).append('\n');
        y.append("  seed: ").append(result.seed()).append('\n');
        y.append("parameters: ").append(quote(parameters)).append('\n');
        y.append("output: {weights: ").append(config.output().weights()).append(", format: ")
                .append(config.output().format()).append("}\n");
        return y.toString();
    }

    private static String component(ComponentConfig c) {
        if (c.parameters().isEmpty()) {
            return c.id();
        }
        StringJoiner j = new StringJoiner(", ", "{", "}");
        j.add("id: " + c.id());
        c.parameters().forEach((k, v) -> j.add(k + ": " + value(v)));
        return j.toString();
    }

    private static String input(InputConfig in, Path base) {
        List<String> parts = new ArrayList<>();
        if (in.inline().isPresent()) {
            StringJoiner rows = new StringJoiner(", ", "[", "]");
            for (double[] row : in.inline().get()) {
                StringJoiner cells = new StringJoiner(", ", "[", "]");
                for (double v : row) {
                    cells.add(Candidate.format(v));
                }
                rows.add(cells.toString());
            }
            parts.add("data: " + rows);
        } else {
            parts.add("file: " + quote(path(in.file().orElseThrow(), base)));
            if (!in.columns().isEmpty()) {
                StringJoiner cols = new StringJoiner(", ", "[", "]");
                in.columns().forEach(c -> cols.add(c instanceof String s ? quote(s) : c.toString()));
                parts.add("columns: " + cols);
            }
            String file = in.file().get().toString().toLowerCase(Locale.ROOT);
            if (!in.header() && file.endsWith(".csv")) {
                parts.add("header: false");
            }
            in.group().ifPresent(g -> parts.add("group: " + quote(g)));
            in.tensor().ifPresent(n -> parts.add("tensor: " + quote(n)));
            in.labels().ifPresent(l -> parts.add("labels: " + (l instanceof String s ? quote(s) : l.toString())));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** The fit section as read, with the trial's seed, so the search and the refit agree. */
    private static void fit(StringBuilder y, FitConfig f, long seed, Path base) {
        y.append("fit:\n");
        y.append("  loss: ").append(f.loss()).append('\n');
        y.append("  optimizer: ").append(choice(f.optimizer())).append('\n');
        y.append("  epochs: ").append(f.epochs()).append('\n');
        if (f.batchSize() > 0) {
            y.append("  batch-size: ").append(f.batchSize()).append('\n');
        }
        if (f.validationSplit() > 0) {
            y.append("  validation-split: ").append(Candidate.format(f.validationSplit())).append('\n');
        }
        f.earlyStopping().ifPresent(e -> y.append("  early-stopping: ").append(numbers(e.values())).append('\n'));
        y.append("  schedule: ").append(choice(f.schedule())).append('\n');
        if (f.clipNorm() > 0) {
            y.append("  clip-norm: ").append(Candidate.format(f.clipNorm())).append('\n');
        }
        y.append("  init: ").append(choice(f.init())).append('\n');
        if (f.headOutputs() > 0) {
            y.append("  head: {outputs: ").append(f.headOutputs()).append("}\n");
        }
        y.append("  leave-one-out: ").append(f.leaveOneOut()).append('\n');
        y.append("  seed: ").append(seed).append("   # the winning trial's fit seed\n");
        y.append("  targets: ").append(input(f.targets(), base)).append('\n');
    }

    private static String choice(FitConfig.Choice c) {
        if (c.values().isEmpty()) {
            return c.id();
        }
        String inner = numbers(c.values());
        return "{id: " + c.id() + ", " + inner.substring(1);
    }

    private static String numbers(Map<String, Double> values) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        values.forEach((k, v) -> j.add(k + ": " + (v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString(v.longValue()) : Candidate.format(v))));
        return j.toString();
    }

    private static String value(Object v) {
        return v instanceof String s ? quote(s) : Candidate.format(v);
    }

    private static String path(Path file, Path base) {
        Path abs = file.toAbsolutePath().normalize();
        if (!abs.startsWith(base)) {
            return abs.toString();
        }
        try {
            return base.relativize(abs).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return abs.toString();  // another drive on Windows: no relative path exists
        }
    }

    /** YAML single-quoted scalar: nothing is special inside but the quote itself, which doubles. */
    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
