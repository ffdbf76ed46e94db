package dev.attention.train.fit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * How to fit: loss, optimizer, epochs, batching, validation, schedule, clipping, initialisation,
 * an optional linear head and leave-one-out. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults: {@code mse}, Adam at lr 0.01, 100 epochs, full batch, no validation split, no early
 * stopping, constant rate, no clipping, the plugins' own initialisation, no head, seed 0.
 */
@API(status = MAINTAINED)
public final class FitOptions {
    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final double validationSplit;
    private final Optional<EarlyStopping> earlyStopping;
    private final Schedule schedule;
    private final double clipNorm;
    private final Init init;
    private final int headOutputs;
    private final boolean leaveOneOut;
    private final long seed;

    private FitOptions(Builder b) {
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.validationSplit = b.validationSplit;
        this.earlyStopping = Optional.ofNullable(b.earlyStopping);
        this.schedule = b.schedule;
        this.clipNorm = b.clipNorm;
        this.init = b.init;
        this.headOutputs = b.headOutputs;
        this.leaveOneOut = b.leaveOneOut;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static FitOptions defaults() {
        return builder().build();
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public int epochs() {
        return epochs;
    }

    /** Examples per step; 0 = all training examples (full batch). */
    public int batchSize() {
        return batchSize;
    }

    /** Fraction of the examples held out for validation, in [0, 1). */
    public double validationSplit() {
        return validationSplit;
    }

    public Optional<EarlyStopping> earlyStopping() {
        return earlyStopping;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** Maximum global L2 norm of the gradient; 0 = no clipping. */
    public double clipNorm() {
        return clipNorm;
    }

    public Init init() {
        return init;
    }

    /** Outputs of the linear head {@code y = output · Wᵀ + b}; 0 = no head. */
    public int headOutputs() {
        return headOutputs;
    }

    /** Predict each training row from the others (kernel regression); see {@link Fitter}. */
    public boolean leaveOneOut() {
        return leaveOneOut;
    }

    public long seed() {
        return seed;
    }

    /** Collects options; not thread-safe. Setters check their argument. */
    public static final class Builder {
        private Loss loss = Loss.MSE;
        private Optimizer optimizer = Optimizer.adam(0.01);
        private int epochs = 100;
        private int batchSize;
        private double validationSplit;
        private EarlyStopping earlyStopping;
        private Schedule schedule = Schedule.constant();
        private double clipNorm;
        private Init init = Init.keep();
        private int headOutputs;
        private boolean leaveOneOut;
        private long seed;

        private Builder() {
        }

        public Builder loss(Loss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        public Builder epochs(int epochs) {
            Checks.positive("epochs", epochs);
            this.epochs = epochs;
            return this;
        }

        /** 0 = full batch. */
        public Builder batchSize(int batchSize) {
            Checks.atLeast("batch-size", batchSize, 0);
            this.batchSize = batchSize;
            return this;
        }

        public Builder validationSplit(double fraction) {
            Checks.inRange("validation-split", fraction, 0, 1);
            this.validationSplit = fraction;
            return this;
        }

        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        public Builder schedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** 0 = no clipping. */
        public Builder clipNorm(double clipNorm) {
            Checks.atLeast("clip-norm", clipNorm, 0);
            this.clipNorm = clipNorm;
            return this;
        }

        public Builder init(Init init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        /** 0 = no head. */
        public Builder head(int outputs) {
            Checks.atLeast("head.outputs", outputs, 0);
            this.headOutputs = outputs;
            return this;
        }

        public Builder leaveOneOut(boolean leaveOneOut) {
            this.leaveOneOut = leaveOneOut;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public FitOptions build() {
            return new FitOptions(this);
        }
    }
}
