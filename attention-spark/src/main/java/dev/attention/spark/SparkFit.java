package dev.attention.spark;

import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import dev.attention.train.fit.FitOptions;
import dev.attention.train.fit.FitResult;
import dev.attention.train.fit.TrainingData;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fitting a config's pipeline on Spark: the driver loads the job as {@code attention fit} does and
 * runs the same fit (split, shuffled epochs, optimiser, schedule, clipping, validation, early
 * stopping, checkpoint), asking {@link SparkGradients} for every step's gradient.
 */
final class SparkFit {
    private static final Logger LOG = LoggerFactory.getLogger(SparkFit.class);

    private SparkFit() {
    }

    /** The loaded job and its fit. */
    record Fitted(Job job, FitResult result) {
    }

    static Fitted fit(SparkSession session, PipelineConfig config, int partitions) {
        Path file = config.file().orElseThrow(() -> new IllegalArgumentException("fitting on Spark reads a config"
                + " file (the driver loads its data files); write the YAML text to a file and pass its path"));
        AttentionEngine engine = PipelineCache.engine();
        Job job = engine.load(file);
        TrainingData data = engine.trainingData(job);
        FitOptions options = engine.fitOptions(job);
        // The job's widths carry an image input's grid too (2-D positions read it on the executors).
        PipelineSpec spec = PipelineSpec.of(job.config(), job.widths(), true);
        FitData shipped = FitData.of(data);
        FitPlan plan = FitPlan.of(PlanKey.of(FitPlan.of("", spec, shipped, options)), spec, shipped, options);
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
        int parts = partitions > 0 ? partitions : spark.defaultParallelism();
        LOG.info("fitting {} on Spark: each step's examples in up to {} parts", config.shown(), parts);
        Broadcast<FitPlan> b = spark.broadcast(plan);
        try {
            return new Fitted(job, engine.fit(job, new SparkGradients(spark, b, parts)));
        } finally {
            b.destroy();
        }
    }

    /** Writes {@code training.json}, {@code parameters.safetensors} and {@code checkpoint.safetensors} into {@code dir}. */
    static List<Path> write(Fitted fitted, Path dir) {
        return PipelineCache.engine().writeFit(fitted.job(), fitted.result(), dir);
    }
}
