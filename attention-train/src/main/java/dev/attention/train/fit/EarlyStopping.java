package dev.attention.train.fit;

/**
 * Stop when the monitored loss (validation loss, or training loss without a validation split) has
 * not improved by more than {@code minDelta} for {@code patience} epochs, and return the
 * parameters of the best epoch.
 */
public record EarlyStopping(int patience, double minDelta) {
    public EarlyStopping {
        Checks.positive("patience", patience);
        Checks.atLeast("min-delta", minDelta, 0);
    }
}
