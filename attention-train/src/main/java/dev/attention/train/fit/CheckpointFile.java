package dev.attention.train.fit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Safetensors;
import dev.attention.io.tensor.TensorBundle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Checkpoint} as safetensors ({@value #NAME}), so it opens in Python like the parameters:
 * the parameters under their own names, {@code best.<name>} for the best epoch's values, and
 * {@code optimizer.<buffer>.<name>} for the optimizer's float64 buffers; the rest is
 * {@code __metadata__} text ({@code format: attention-checkpoint}, epoch, steps, optimizer, seed,
 * validation split, leave-one-out, best epoch and loss, stopped early, and the history as JSON).
 * Numbers are written in Java's shortest round-trip form, so write → read is exact.
 */
public final class CheckpointFile {
    public static final String NAME = "checkpoint.safetensors";
    static final String FORMAT = "attention-checkpoint";
    private static final String BEST = "best.";
    private static final String OPTIMIZER = "optimizer.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {
    }

    public static void write(OutputStream out, Checkpoint c) throws IOException {
        Map<String, Tensor> tensors = new TreeMap<>(c.parameters().asMap());
        c.best().asMap().forEach((n, t) -> tensors.put(BEST + n, t));
        c.buffers().forEach((n, t) -> tensors.put(OPTIMIZER + n, t));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("epoch", Integer.toString(c.epoch()));
        meta.put("steps", Integer.toString(c.steps()));
        meta.put("optimizer", c.optimizer());
        meta.put("seed", Long.toString(c.seed()));
        meta.put("validation_split", Double.toString(c.validationSplit()));
        meta.put("leave_one_out", Boolean.toString(c.leaveOneOut()));
        meta.put("best_epoch", Integer.toString(c.bestEpoch()));
        meta.put("best_loss", Double.toString(c.bestLoss()));
        meta.put("stopped_early", Boolean.toString(c.stoppedEarly()));
        meta.put("history", history(c.history()));
        Safetensors.write(out, tensors, meta);
    }

    /**
     * @throws DataException naming the file (and the metadata key) for a corrupt file or one that is
     *                       not a checkpoint
     */
    public static Checkpoint read(Path file) {
        String shown = file.toString();
        TensorBundle b = Safetensors.read(file);
        Map<String, String> meta = b.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new DataException(shown, 0, null, "not a checkpoint written by attention fit (metadata format "
                    + (meta.containsKey("format") ? "'" + meta.get("format") + "'" : "missing")
                    + "); resume from the " + NAME + " of an earlier fit");
        }
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        Map<String, Tensor> best = new LinkedHashMap<>();
        Map<String, Tensor> buffers = new TreeMap<>();
        new TreeMap<>(b.tensors()).forEach((n, t) -> {
            if (n.startsWith(BEST)) {
                best.put(n.substring(BEST.length()), t);
            } else if (n.startsWith(OPTIMIZER)) {
                buffers.put(n.substring(OPTIMIZER.length()), t);
            } else {
                parameters.put(n, t);
            }
        });
        Fields f = new Fields(shown, meta);
        return new Checkpoint(f.integer("epoch"), Parameters.of(parameters), f.text("optimizer"), f.integer("steps"),
                buffers, Parameters.of(best), f.number("best_loss"), f.integer("best_epoch"),
                history(shown, f.text("history")), f.bool("stopped_early"), f.longInteger("seed"),
                f.number("validation_split"), f.bool("leave_one_out"));
    }

    private static String history(History h) {
        ArrayNode a = JSON.createArrayNode();
        for (History.Epoch e : h.epochs()) {
            ObjectNode o = a.addObject();
            o.put("epoch", e.epoch());
            o.put("train_loss", e.trainLoss());
            if (e.hasValidation()) {
                o.put("validation_loss", e.validationLoss());
            }
            o.put("lr", e.lr());
            o.put("grad_norm", e.gradNorm());
            if (e.hasValidationAccuracy()) {
                o.put("validation_accuracy", e.validationAccuracy());
            }
        }
        return a.toString();
    }

    private static History history(String file, String json) {
        try {
            List<History.Epoch> epochs = new ArrayList<>();
            for (JsonNode e : JSON.readTree(json)) {
                epochs.add(new History.Epoch(e.get("epoch").intValue(), e.get("train_loss").doubleValue(),
                        e.has("validation_loss") ? e.get("validation_loss").doubleValue() : Double.NaN,
                        e.get("lr").doubleValue(), e.get("grad_norm").doubleValue(),
                        e.has("validation_accuracy") ? e.get("validation_accuracy").doubleValue() : Double.NaN));
            }
            return new History(epochs);
        } catch (JsonProcessingException | NullPointerException e) {
            throw new DataException(file, 0, null, "metadata 'history' is not the epochs' JSON; corrupt checkpoint");
        }
    }

    /** Typed reads of the metadata, each failure naming its key. */
    private record Fields(String file, Map<String, String> meta) {
        String text(String key) {
            String v = meta.get(key);
            if (v == null) {
                throw new DataException(file, 0, null, "metadata '" + key + "' is missing; corrupt checkpoint");
            }
            return v;
        }

        int integer(String key) {
            long v = longInteger(key);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw bad(key, "a count");
            }
            return (int) v;
        }

        long longInteger(String key) {
            try {
                return Long.parseLong(text(key));
            } catch (NumberFormatException e) {
                throw bad(key, "a whole number");
            }
        }

        double number(String key) {
            try {
                return Double.parseDouble(text(key));
            } catch (NumberFormatException e) {
                throw bad(key, "a number");
            }
        }

        boolean bool(String key) {
            String v = text(key);
            if (!v.equals("true") && !v.equals("false")) {
                throw bad(key, "true or false");
            }
            return v.equals("true");
        }

        private DataException bad(String key, String expected) {
            return new DataException(file, 0, null, "metadata '" + key + "' is '" + meta.get(key) + "', not "
                    + expected + "; corrupt checkpoint");
        }
    }
}
