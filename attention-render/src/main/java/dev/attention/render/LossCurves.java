package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A fit's losses, one point per epoch, as {@code training.json} holds them: the training loss and
 * the held-out (validation) loss, which is absent ({@code null}) without a validation split.
 *
 * @param epochs   the epoch numbers, ascending
 * @param train    the training loss per epoch, as printed
 * @param heldOut  the held-out loss per epoch, as printed, {@code null} where there is none
 */
@API(status = MAINTAINED)
public record LossCurves(List<Integer> epochs, List<String> train, List<String> heldOut) {
    public LossCurves {
        epochs = List.copyOf(epochs);
        train = List.copyOf(train);
        heldOut = java.util.Collections.unmodifiableList(new ArrayList<>(heldOut));
        if (train.size() != epochs.size() || heldOut.size() != epochs.size()) {
            throw new IllegalArgumentException("losses of " + train.size() + " and " + heldOut.size()
                    + " epochs for " + epochs.size() + " epochs");
        }
    }

    /** Whether any epoch has a held-out loss. */
    public boolean hasHeldOut() {
        return heldOut.stream().anyMatch(Objects::nonNull);
    }
}
