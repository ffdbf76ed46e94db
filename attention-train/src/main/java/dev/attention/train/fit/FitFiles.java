package dev.attention.train.fit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.attention.api.AttentionException;
import dev.attention.io.table.AtomicFiles;
import dev.attention.io.tensor.ParameterFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a fit's {@code training.json} (settings, summary, per-epoch history), its fitted
 * {@code parameters.safetensors} ({@link ParameterFiles}, with the config's name and the pipeline in
 * the metadata) and its {@code checkpoint.safetensors} ({@link CheckpointFile}) to a folder, all or
 * none. The {@code parameters.json} of earlier versions is still read ({@link ParametersFile}).
 */
public final class FitFiles {
    public static final String TRAINING = "training.json";
    public static final String PARAMETERS = "parameters.safetensors";
    public static final String CHECKPOINT = CheckpointFile.NAME;
    private static final JsonFactory JSON = new JsonFactory();

    private FitFiles() {
    }

    /** @return the files written */
    public static List<Path> write(Path dir, String name, FitOptions options, FitResult result) {
        Map<String, AtomicFiles.Bytes> files = new LinkedHashMap<>();
        files.put(TRAINING, AtomicFiles.asBytes(w -> training(w, name, options, result)));
        files.put(PARAMETERS, out -> ParameterFiles.write(out, result.parameters(),
                Map.of("name", name, "pipeline", result.pipeline().describe())));
        files.put(CHECKPOINT, out -> CheckpointFile.write(out, result.checkpoint()));
        try {
            return AtomicFiles.writeBytes(dir, files);
        } catch (IOException e) {
            throw new AttentionException("cannot write the fit to " + dir + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }

    private static void training(Writer w, String name, FitOptions o, FitResult r) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeStringField("pipeline", r.pipeline().describe());
            g.writeStringField("dtype", r.pipeline().dtype().id());
            g.writeStringField("loss", o.loss().id());
            g.writeStringField("optimizer", o.optimizer().toString());
            g.writeStringField("schedule", o.schedule().toString());
            g.writeNumberField("seed", o.seed());
            g.writeBooleanField("leave_one_out", o.leaveOneOut());
            g.writeNumberField("epochs_run", r.history().epochs().size());
            g.writeNumberField("best_epoch", r.bestEpoch());
            g.writeBooleanField("stopped_early", r.stoppedEarly());
            History.Epoch last = r.history().last();
            number(g, "final_train_loss", last.trainLoss());
            number(g, "final_validation_loss", last.validationLoss());
            number(g, "final_validation_accuracy", last.validationAccuracy());
            g.writeArrayFieldStart("parameters");
            for (String n : r.parameters().names()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("history");
            for (History.Epoch e : r.history().epochs()) {
                g.writeStartObject();
                g.writeNumberField("epoch", e.epoch());
                number(g, "train_loss", e.trainLoss());
                number(g, "validation_loss", e.validationLoss());
                number(g, "validation_accuracy", e.validationAccuracy());
                number(g, "lr", e.lr());
                number(g, "grad_norm", e.gradNorm());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** JSON has no NaN: a missing value (no validation split) is null. */
    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }
}
