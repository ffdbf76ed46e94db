package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Random;

/**
 * Position information added to a sequence's rows before attention: row {@code i} of every batch
 * element becomes {@code x_i + PE[i]}. {@code sinusoidal} is Vaswani et al.'s fixed
 * {@code PE[i, 2k] = sin(i / 10000^(2k/d))}, {@code PE[i, 2k+1] = cos(i / 10000^(2k/d))} (an odd
 * last column is a sine); {@code learned} is a table {@code positions [max-length, d]}, initialised
 * N(0, 0.02²) as BERT and GPT-2 do. {@code none} leaves rows as they are.
 *
 * <p>{@code sinusoidal-2d} is for an image flattened row-major from a grid of {@code R × C} cells
 * (row {@code t} is cell {@code (t / C, t mod C)}, see {@code PluginContext.grid}); as DETR's and
 * ViT's 2-D sine-cosine positions, half the columns encode the grid row and half the grid column:
 * {@code PE[t, c] = PE1(t / C, c; d_r)} for {@code c < d_r = ⌈d/2⌉} and
 * {@code PE[t, c] = PE1(t mod C, c − d_r; d − d_r)} after, with {@code PE1(pos, c; d)} the 1-D
 * sinusoid above. Immutable.
 */
final class PositionalEncoding {
    static final String POSITIONS = "positions";
    private static final double LEARNED_STD = 0.02;

    enum Kind {
        NONE, SINUSOIDAL, LEARNED, SINUSOIDAL_2D;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        static Kind fromId(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    private static final PositionalEncoding NONE = new PositionalEncoding(Kind.NONE, null);
    private static final PositionalEncoding SINUSOIDAL = new PositionalEncoding(Kind.SINUSOIDAL, null);

    private final Kind kind;
    /** {@code [max-length, d]} when learned, else null. */
    private final Tensor table;
    /** Grid rows and columns for {@code sinusoidal-2d}, else 0. */
    private final int gridRows;
    private final int gridColumns;

    private PositionalEncoding(Kind kind, Tensor table) {
        this(kind, table, 0, 0);
    }

    private PositionalEncoding(Kind kind, Tensor table, int gridRows, int gridColumns) {
        this.kind = kind;
        this.table = table;
        this.gridRows = gridRows;
        this.gridColumns = gridColumns;
    }

    /** 2-D sine-cosine positions over a {@code rows × columns} grid flattened row-major. */
    static PositionalEncoding sinusoidal2d(int rows, int columns) {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("grid must be at least 1 × 1, got " + rows + " × " + columns);
        }
        return new PositionalEncoding(Kind.SINUSOIDAL_2D, null, rows, columns);
    }

    static PositionalEncoding none() {
        return NONE;
    }

    static PositionalEncoding sinusoidal() {
        return SINUSOIDAL;
    }

    static PositionalEncoding learned(Random random, DType dtype, int maxLength, int width) {
        Tensor.Builder b = Tensor.builder(dtype, maxLength, width);
        for (int k = 0; k < maxLength * width; k++) {
            b.set(k, LEARNED_STD * random.nextGaussian());
        }
        return new PositionalEncoding(Kind.LEARNED, b.build());
    }

    Kind kind() {
        return kind;
    }

    /** {@code sin} or {@code cos} of {@code pos / 10000^(2k/d)} for column {@code c = 2k or 2k + 1}. */
    static double sinusoid(int pos, int c, int d) {
        double angle = pos / Math.pow(10000, (c - c % 2) / (double) d);
        return c % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
    }

    /** {@code PE[t, c]} of {@code sinusoidal-2d} for width {@code d} (see the class comment). */
    static double sinusoid2d(int t, int c, int d, int gridColumns) {
        int rowPart = d - d / 2;
        return c < rowPart ? sinusoid(t / gridColumns, c, rowPart) : sinusoid(t % gridColumns, c - rowPart, d - rowPart);
    }

    /**
     * Refuses absolute positions with packed sequences ({@link AttentionInputs#segments()}): they
     * would number the rows of the whole tensor, not each sequence's.
     *
     * @throws ShapeException naming the way out
     */
    void requireUnpacked(AttentionInputs inputs) {
        if (kind != Kind.NONE && inputs.segments().isPresent()) {
            throw new ShapeException("positions: " + kind.id() + " positions would number the rows of the whole packed"
                    + " tensor, not of each sequence; packed sequences (segments, cu_seqlens) need positions: none"
                    + " (multi-head's rope is relative and works)");
        }
    }

    /** {@code x + PE[0..rows)} in {@code x}'s dtype; {@code x} itself for {@code none}. */
    Tensor add(String input, Tensor x) {
        return add(input, x, 0);
    }

    /**
     * {@code x + PE[first..first + rows)}: rows that continue a sequence at position {@code first}
     * (a decoder's token t is row 0 at {@code first = t}).
     */
    Tensor add(String input, Tensor x, int first) {
        if (kind == Kind.NONE) {
            return x;
        }
        if (kind == Kind.LEARNED) {
            if (first + x.rows() > table.rows()) {
                throw new ShapeException(input + " has " + (first + x.rows()) + " positions but the learned positional"
                        + " table holds " + table.rows() + "; raise max-length");
            }
            if (x.cols() != table.cols()) {
                throw new ShapeException(input + " has width " + x.cols() + " but the learned positions have "
                        + table.cols());
            }
        }
        int cells = gridRows * gridColumns;
        if (kind == Kind.SINUSOIDAL_2D && (first == 0 ? x.rows() != cells : first + x.rows() > cells)) {
            throw new ShapeException(input + " has " + (first + x.rows()) + " positions but its image grid is "
                    + gridRows + " × " + gridColumns + " = " + cells
                    + "; 2-D positions need the whole grid as one sequence (layout: image, axes: grid)");
        }
        Tensor.Builder out = Tensor.builder(x.dtype(), x.shape());
        for (int b = 0; b < x.batchSize(); b++) {
            for (int i = 0; i < x.rows(); i++) {
                for (int c = 0; c < x.cols(); c++) {
                    double pe = kind == Kind.LEARNED ? table.get(first + i, c)
                            : kind == Kind.SINUSOIDAL_2D ? sinusoid2d(first + i, c, x.cols(), gridColumns)
                            : sinusoid(first + i, c, x.cols());
                    out.set(b, i, c, x.get(b, i, c) + pe);
                }
            }
        }
        return out.build();
    }

    /** The learned table, {@code variant.positions}, or nothing. */
    Parameters parameters() {
        return kind == Kind.LEARNED ? Parameters.of(POSITIONS, table).prefixed(QualifiedParameters.VARIANT)
                : Parameters.empty();
    }

    /** A copy taking {@code variant.positions} from {@code qualified} when present. */
    PositionalEncoding withParameters(Parameters qualified) {
        if (kind != Kind.LEARNED) {
            return this;
        }
        return new PositionalEncoding(kind, QualifiedParameters.replace(
                qualified.withoutPrefix(QualifiedParameters.VARIANT), POSITIONS, table));
    }

    /** {@code qualified} without {@code variant.positions}, for the parts that do not own it. */
    static Parameters others(Parameters qualified) {
        String own = QualifiedParameters.VARIANT + "." + POSITIONS;
        java.util.LinkedHashMap<String, Tensor> rest = new java.util.LinkedHashMap<>(qualified.asMap());
        rest.remove(own);
        return Parameters.of(rest);
    }

    /**
     * {@code dL/dpositions = Σ_b Σ_inputs dL/dx'[b, i]} for rows {@code i} of the inputs it was added
     * to, as {@code variant.positions}; nothing unless learned.
     */
    Parameters gradients(Tensor... dAdded) {
        if (kind != Kind.LEARNED) {
            return Parameters.empty();
        }
        double[] acc = new double[table.size()];
        for (Tensor d : dAdded) {
            for (int b = 0; b < d.batchSize(); b++) {
                for (int i = 0; i < d.rows(); i++) {
                    for (int c = 0; c < d.cols(); c++) {
                        acc[i * table.cols() + c] += d.get(b, i, c);
                    }
                }
            }
        }
        return Parameters.of(POSITIONS, Tensor.of(table.dtype(), table.shape(), acc))
                .prefixed(QualifiedParameters.VARIANT);
    }

    @Override
    public String toString() {
        return kind.id() + (table == null ? "" : " [" + table.rows() + ", " + table.cols() + "]")
                + (kind == Kind.SINUSOIDAL_2D ? " " + gridRows + " × " + gridColumns : "");
    }
}
