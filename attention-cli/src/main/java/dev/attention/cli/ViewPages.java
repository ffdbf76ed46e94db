package dev.attention.cli;

import dev.attention.api.AttentionResult;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import dev.attention.api.DType;
import dev.attention.render.AttentionView;
import dev.attention.render.Heatmap;
import dev.attention.render.LinkedPanels;
import dev.attention.render.LossCurves;
import dev.attention.render.ViewPanel;
import dev.attention.train.fit.FitResult;
import dev.attention.train.fit.History;
import java.util.ArrayList;
import java.util.List;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

/** The pages of {@code --view}: what each command puts on the page besides its own part. */
final class ViewPages {
    private ViewPages() {
    }

    /** A run's page: every weight panel (as the heatmap draws them) and the pipeline as explain prints it. */
    static AttentionView.Builder run(AttentionEngine engine, Job job, AttentionResult result, OutputTarget target) {
        AttentionView.Builder b = LinkedPanels.applies(result)
                ? LinkedPanels.add(AttentionView.builder(title(job)).subtitle(linkedSubtitle(result)), result,
                        job.pipeline().dtype())
                : result.weights().isPresent()
                ? AttentionView.of(engine.heatmap(job, result), job.pipeline().dtype())
                : AttentionView.builder(title(job)).note("this pipeline returns no weights; its result has "
                        + result.names());
        return b.explain(explain(engine, job, result, target));
    }

    /**
     * A fit's page: the loss per epoch, the first panel's weights before and after training, every
     * panel after it, and the pipeline.
     */
    static AttentionView fit(AttentionEngine engine, Job job, AttentionResult before, FitResult fit,
            OutputTarget target) {
        List<Integer> epochs = new ArrayList<>();
        List<String> train = new ArrayList<>();
        List<String> heldOut = new ArrayList<>();
        for (History.Epoch e : fit.history().epochs()) {
            epochs.add(e.epoch());
            // as training.json prints them
            train.add(Double.toString(e.trainLoss()));
            heldOut.add(e.hasValidation() ? Double.toString(e.validationLoss()) : null);
        }
        AttentionResult after = fit.pipeline().run(job.inputs());
        AttentionView.Builder b;
        DType dtype = job.pipeline().dtype();
        if (after.weights().isPresent() && before.weights().isPresent()) {
            Heatmap trained = engine.heatmap(job, after);
            b = AttentionView.of(trained, dtype).subtitle("after training · " + trained.subtitle());
            b.beforeAfter(ViewPanel.of(engine.heatmap(job, before).panels().get(0), dtype),
                    ViewPanel.of(trained.panels().get(0), dtype));
        } else {
            b = AttentionView.builder(title(job)).note("this pipeline returns no weights; the page shows the losses");
        }
        return b.curves(new LossCurves(epochs, train, heldOut)).explain(explain(engine, job, before, target))
                .note("fit: " + epochs.size() + " epochs, best epoch " + fit.bestEpoch()
                        + (fit.stoppedEarly() ? " (stopped early)" : "")).build();
    }

    /** The linked tensors' names and shapes, as the CSV files are named. */
    private static String linkedSubtitle(AttentionResult result) {
        StringBuilder s = new StringBuilder();
        for (String name : result.names()) {
            if (name.startsWith("weights")) {
                s.append(s.length() > 0 ? " · " : "").append(name).append(' ')
                        .append(java.util.Arrays.toString(result.get(name).shape()));
            }
        }
        return s.append(" · hover to see the linked panel").toString();
    }

    static String title(Job job) {
        return job.config().name() + " — " + job.pipeline().describe();
    }

    /** The text {@code attention explain} prints for this job and result. */
    static String explain(AttentionEngine engine, Job job, AttentionResult result, OutputTarget target) {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        ExplanationText.print(Explanation.of(job, engine.plugins(), result, target, Optional.empty()), w);
        w.flush();
        return text.toString();
    }
}
