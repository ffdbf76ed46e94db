package dev.attention.spark;

import dev.attention.api.AttentionInputs;
import dev.attention.api.Tensor;
import dev.attention.train.fit.TrainingData;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * A fit's training data in a form Spark can broadcast: every input with its lengths at every level
 * of nesting, the data masks (key mask, score bias, packed segments), the targets and the training
 * mask. A caller's
 * (query, key) {@code Mask} is code, not data, so it cannot travel and is refused.
 *
 * @param levels per input, its lengths by level (empty for an unpadded input)
 */
record FitData(LinkedHashMap<String, Dense> tensors, LinkedHashMap<String, ArrayList<int[]>> levels, boolean[] keyMask,
        Dense scoreBias, int[] segments, Dense targets, int[] targetLengths, Dense trainMask) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException when the inputs carry a caller's mask */
    static FitData of(TrainingData data) {
        AttentionInputs in = data.inputs();
        if (!in.mask().allowsAll()) {
            throw new IllegalArgumentException("fitting on Spark ships the training data to the executors, and a"
                    + " caller's (query, key) Mask is code, not data; give it as a key mask or a score bias instead");
        }
        LinkedHashMap<String, Dense> tensors = new LinkedHashMap<>();
        LinkedHashMap<String, ArrayList<int[]>> levels = new LinkedHashMap<>();
        for (String n : in.names()) {
            tensors.put(n, Dense.of(in.tensor(n)));
            ArrayList<int[]> l = new ArrayList<>();
            for (int level = 1; level <= in.nesting(n); level++) {
                l.add(in.lengths(n, level).orElseThrow());
            }
            levels.put(n, l);
        }
        return new FitData(tensors, levels, in.keyMask().orElse(null), in.scoreBias().map(Dense::of).orElse(null),
                in.segments().orElse(null), Dense.of(data.targets()), data.targetLengths().orElse(null),
                data.trainMask().map(Dense::of).orElse(null));
    }

    /** The training data again, as the driver had it. */
    TrainingData trainingData() {
        AttentionInputs.Builder b = AttentionInputs.builder();
        tensors.forEach((n, d) -> {
            List<int[]> l = levels.get(n);
            Tensor t = d.tensor();
            if (l.isEmpty()) {
                b.put(n, t);
            } else if (l.size() == 1) {
                b.put(n, t, l.get(0));
            } else {
                b.putNested(n, t, l);
            }
        });
        if (keyMask != null) {
            b.keyMask(keyMask);
        }
        if (scoreBias != null) {
            b.scoreBias(scoreBias.tensor());
        }
        if (segments != null) {
            b.segments(segments);
        }
        return new TrainingData(b.build(), targets.tensor(), Optional.ofNullable(targetLengths),
                Optional.ofNullable(trainMask).map(Dense::tensor));
    }
}
