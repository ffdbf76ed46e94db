package dev.attention.spark;

import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.train.fit.FitProblem;
import dev.attention.train.fit.GradientSource;
import dev.attention.train.fit.StepGradient;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * Each step's gradient computed data-parallel: the step's examples are cut into contiguous parts, one
 * Spark task each; a task evaluates its part with the executor's {@link FitProblem} (built once per
 * JVM from the broadcast {@link FitPlan}) at the step's parameters, which travel with the task.
 * {@code treeAggregate} gathers the parts keyed by their number and the driver combines them in
 * that order, so the sum is the same however the tasks were scheduled, retried or merged.
 */
final class SparkGradients implements GradientSource {
    private final JavaSparkContext spark;
    private final Broadcast<FitPlan> plan;
    private final int parts;

    SparkGradients(JavaSparkContext spark, Broadcast<FitPlan> plan, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("partitions must be ≥ 1, got " + parts);
        }
        this.spark = spark;
        this.plan = plan;
        this.parts = parts;
    }

    @Override
    public StepGradient gradient(FitProblem problem, Parameters parameters, int[] examples, long step) {
        int n = Math.max(1, Math.min(parts, examples.length));
        List<Part> chunks = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            chunks.add(new Part(p, Arrays.copyOfRange(examples, (int) ((long) examples.length * p / n),
                    (int) ((long) examples.length * (p + 1) / n))));
        }
        LinkedHashMap<String, Dense> values = new LinkedHashMap<>();
        parameters.asMap().forEach((name, t) -> values.put(name, Dense.of(t)));
        TreeMap<Integer, StepGradient> byPart = spark.parallelize(chunks, n)
                .map(new Evaluate(plan, values, step))
                .treeAggregate(new TreeMap<>(), SparkGradients::add, SparkGradients::merge);
        return StepGradient.combine(new ArrayList<>(byPart.values()));
    }

    /** Some of a step's examples, numbered by their place in the step. */
    record Part(int number, int[] examples) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    record Done(int number, StepGradient gradient) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static TreeMap<Integer, StepGradient> add(TreeMap<Integer, StepGradient> acc, Done d) {
        TreeMap<Integer, StepGradient> out = new TreeMap<>(acc);
        out.put(d.number(), d.gradient());
        return out;
    }

    private static TreeMap<Integer, StepGradient> merge(TreeMap<Integer, StepGradient> a,
            TreeMap<Integer, StepGradient> b) {
        TreeMap<Integer, StepGradient> out = new TreeMap<>(a);
        out.putAll(b);
        return out;
    }

    /** The task: one part's loss and gradient on the executor. */
    private static final class Evaluate implements Function<Part, Done> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<FitPlan> plan;
        private final LinkedHashMap<String, Dense> parameters;
        private final long step;

        Evaluate(Broadcast<FitPlan> plan, LinkedHashMap<String, Dense> parameters, long step) {
            this.plan = plan;
            this.parameters = parameters;
            this.step = step;
        }

        @Override
        public Done call(Part part) {
            FitPlan p = plan.value();
            FitProblem problem = PipelineCache.get("fit:" + p.key(), () -> p.problem(PipelineCache.engine()));
            Map<String, Tensor> values = new LinkedHashMap<>();
            parameters.forEach((name, d) -> values.put(name, d.tensor()));
            return new Done(part.number(), problem.gradient(Parameters.of(values), part.examples(), step));
        }
    }
}
