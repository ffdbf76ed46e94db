package dev.attention.core;

import dev.attention.api.ConfigException;
import dev.attention.assembly.config.FitConfig;
import dev.attention.assembly.config.Position;
import dev.attention.train.fit.EarlyStopping;
import dev.attention.train.fit.FitOptions;
import dev.attention.train.fit.Init;
import dev.attention.train.fit.Loss;
import dev.attention.train.fit.Optimizer;
import dev.attention.train.fit.Schedule;
import java.util.function.Supplier;

/** Turns a {@code fit:} section into {@link FitOptions}; a value out of range points at its key. */
final class FitSettings {
    private FitSettings() {
    }

    static FitOptions options(FitConfig c, long pipelineSeed) {
        FitOptions.Builder b = FitOptions.builder().loss(Loss.fromId(c.loss()));
        check(c.positionOf("epochs"), "fit.epochs", () -> b.epochs(toInt(c.epochs())));
        check(c.positionOf("batch-size"), "fit.batch-size", () -> b.batchSize(toInt(c.batchSize())));
        check(c.positionOf("validation-split"), "fit.validation-split", () -> b.validationSplit(c.validationSplit()));
        check(c.positionOf("clip-norm"), "fit.clip-norm", () -> b.clipNorm(c.clipNorm()));
        check(c.positionOf("head"), "fit.head.outputs", () -> b.head(toInt(c.headOutputs())));
        b.leaveOneOut(c.leaveOneOut()).seed(c.seed().orElse(pipelineSeed));

        FitConfig.Choice o = c.optimizer();
        b.optimizer(at(o.position(), "fit.optimizer", () -> o.id().equals("sgd")
                ? new Optimizer.Sgd(o.get("lr", 0.01), o.get("momentum", 0))
                : new Optimizer.Adam(o.get("lr", 0.01), o.get("beta1", 0.9), o.get("beta2", 0.999),
                        o.get("eps", 1e-8), o.get("weight-decay", 0))));
        FitConfig.Choice s = c.schedule();
        b.schedule(at(s.position(), "fit.schedule", () -> switch (s.id()) {
            case "step" -> new Schedule.Step(toInt((long) s.get("step-size", 10)), s.get("gamma", 0.1));
            case "cosine" -> new Schedule.Cosine(toInt((long) s.get("total-epochs", 0)), s.get("min-lr", 0));
            default -> new Schedule.Constant();
        }));
        FitConfig.Choice i = c.init();
        b.init(at(i.position(), "fit.init", () -> switch (i.id()) {
            case "xavier" -> new Init.Xavier();
            case "he" -> new Init.He();
            case "constant" -> new Init.Constant(i.get("value", 0));
            default -> new Init.Keep();
        }));
        c.earlyStopping().ifPresent(e -> b.earlyStopping(at(e.position(), "fit.early-stopping",
                () -> new EarlyStopping(toInt((long) e.get("patience", 10)), e.get("min-delta", 0)))));
        return b.build();
    }

    private static int toInt(long v) {
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("value " + v + " is too large");
        }
        return (int) v;
    }

    private static void check(Position p, String key, Runnable r) {
        at(p, key, () -> {
            r.run();
            return null;
        });
    }

    private static <T> T at(Position p, String key, Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(p.file(), p.line(), p.column(), key, e.getMessage(), null);
        }
    }
}
