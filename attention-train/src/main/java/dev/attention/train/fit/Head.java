package dev.attention.train.fit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A linear output layer on the pipeline's output rows, {@code y = output · Wᵀ + b}, named like
 * PyTorch's {@code nn.Linear}: {@value #WEIGHT} {@code [out, in]} and {@value #BIAS}
 * {@code [1, out]}. Immutable.
 */
@API(status = MAINTAINED)
public final class Head {
    public static final String WEIGHT = "head.weight";
    public static final String BIAS = "head.bias";

    private final Tensor weight;
    private final Tensor bias;

    private Head(Tensor weight, Tensor bias) {
        if (bias.rows() != 1 || bias.cols() != weight.rows() || weight.rank() != 2 || bias.rank() != 2) {
            throw new ShapeException("a head needs weight [out, in] and bias [1, out], got "
                    + ShapeException.format(weight.shape()) + " and " + ShapeException.format(bias.shape()));
        }
        this.weight = weight;
        this.bias = bias;
    }

    /** The head in {@code parameters} ({@value #WEIGHT} and {@value #BIAS}). */
    public static Head of(Parameters parameters) {
        return new Head(parameters.get(WEIGHT), parameters.get(BIAS));
    }

    static Head of(Tensor weight, Tensor bias) {
        return new Head(weight, bias);
    }

    /** True when {@code name} belongs to a head rather than to the pipeline. */
    public static boolean owns(String name) {
        return name.startsWith("head.");
    }

    public int inputs() {
        return weight.cols();
    }

    public int outputs() {
        return weight.rows();
    }

    public Parameters parameters() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(WEIGHT, weight);
        m.put(BIAS, bias);
        return Parameters.of(m);
    }

    /** {@code [batch…, n, in] → [batch…, n, out]}, accumulated in double. */
    public Tensor apply(Tensor output) {
        if (output.cols() != inputs()) {
            throw new ShapeException("the head takes rows of width " + inputs() + " but the output has shape "
                    + ShapeException.format(output.shape()));
        }
        int[] shape = output.shape();
        shape[shape.length - 1] = outputs();
        Tensor.Builder y = Tensor.builder(output.dtype(), shape);
        int rows = output.batchSize() * output.rows();
        int in = inputs();
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outputs(); o++) {
                double acc = bias.at(o);
                for (int c = 0; c < in; c++) {
                    acc += output.at(r * in + c) * weight.at(o * in + c);
                }
                y.set(r * outputs() + o, acc);
            }
        }
        return y.build();
    }
}
