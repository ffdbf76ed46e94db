package dev.attention.train.fit;

/** The learning rate of each epoch (0-based), from the optimizer's base rate. */
public sealed interface Schedule permits Schedule.Constant, Schedule.Step, Schedule.Cosine {

    /** The learning rate for {@code epoch} (0-based) of a fit of {@code epochs} epochs. */
    double lr(double base, int epoch, int epochs);

    /** The base rate throughout. */
    record Constant() implements Schedule {
        @Override
        public double lr(double base, int epoch, int epochs) {
            return base;
        }
    }

    /** {@code base · gamma^⌊epoch / stepSize⌋}, as PyTorch's {@code StepLR}. */
    record Step(int stepSize, double gamma) implements Schedule {
        public Step {
            Checks.positive("step-size", stepSize);
            Checks.positive("gamma", gamma);
        }

        @Override
        public double lr(double base, int epoch, int epochs) {
            return base * Math.pow(gamma, epoch / stepSize);
        }
    }

    /**
     * Cosine annealing from {@code base} to {@code minLr} over {@code totalEpochs} (0 = the fit's
     * epochs): {@code min + (base − min)(1 + cos(π t / T)) / 2}, then {@code minLr}.
     */
    record Cosine(int totalEpochs, double minLr) implements Schedule {
        public Cosine {
            Checks.atLeast("total-epochs", totalEpochs, 0);
            Checks.atLeast("min-lr", minLr, 0);
        }

        @Override
        public double lr(double base, int epoch, int epochs) {
            int total = totalEpochs > 0 ? totalEpochs : epochs;
            double t = Math.min(epoch, total);
            return minLr + (base - minLr) * (1 + Math.cos(Math.PI * t / total)) / 2;
        }
    }

    static Schedule constant() {
        return new Constant();
    }
}
