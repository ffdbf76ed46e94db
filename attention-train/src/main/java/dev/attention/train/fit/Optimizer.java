package dev.attention.train.fit;

/**
 * How parameters move along their gradients. Values only; the per-parameter state (momentum,
 * moments) lives in the fit that uses them.
 */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.Adam {

    /** The base learning rate, before any {@link Schedule}. */
    double lr();

    /**
     * Stochastic gradient descent with heavy-ball momentum, as PyTorch's {@code SGD}:
     * {@code v ← μ v + g; p ← p − lr · v} (the first step takes {@code v = g}).
     */
    record Sgd(double lr, double momentum) implements Optimizer {
        public Sgd {
            Checks.positive("lr", lr);
            Checks.inRange("momentum", momentum, 0, 1);
        }
    }

    /**
     * Adam (Kingma &amp; Ba) with bias correction, and <em>decoupled</em> weight decay as AdamW
     * (Loshchilov &amp; Hutter): {@code p ← p − lr · wd · p} before the Adam step, applied to every
     * parameter; it is not added to the gradient (that would be L2 regularisation).
     */
    record Adam(double lr, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {
        public Adam {
            Checks.positive("lr", lr);
            Checks.inRange("beta1", beta1, 0, 1);
            Checks.inRange("beta2", beta2, 0, 1);
            Checks.positive("eps", eps);
            Checks.atLeast("weight-decay", weightDecay, 0);
        }
    }

    static Sgd sgd(double lr, double momentum) {
        return new Sgd(lr, momentum);
    }

    /** Adam with PyTorch's defaults β = (0.9, 0.999), ε = 1e-8 and no weight decay. */
    static Adam adam(double lr) {
        return new Adam(lr, 0.9, 0.999, 1e-8, 0);
    }
}
