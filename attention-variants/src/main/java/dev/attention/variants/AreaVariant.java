package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Area attention (Li et al. 2019, basic form): queries attend over areas, contiguous ranges of
 * up to {@code max-width} keys, instead of single keys,
 * <pre>
 *   area a = [s_a, s_a + w_a),  ordered by width, then start          A areas (see {@link AreaLayout})
 *   K̄_a = (1 / w_a) Σ_{r∈a} K_r    (mean key)
 *   V̄_a =           Σ_{r∈a} V_r    (summed value)
 *   w_i      = f(a(K̄, Q_i))                 weights [batch…, n, A]
 *   output_i = Σ_a w_ia · V̄_a               output  [batch…, n, d_v]
 *   area_start, area_width                  [batch…, 1, A]: s_a and w_a of each weight column
 * </pre>
 * {@code A} follows the data's key count {@code m}; areas reaching past a batch element's real keys
 * are masked (weight 0) and never read. With {@code max-width 1} this is global attention. Because
 * values are summed, wider areas contribute larger values. Each weight row sums to 1 (for a
 * normalising distribution) except rows without a real key, which are zero. Inputs as for global
 * attention ({@link QkvBinding}); the alignment compares queries with mean keys, so {@code d_k} is
 * unchanged. Backward spreads each area's key gradient over its keys divided by {@code w_a} and its
 * value gradient undivided; {@code area_start} and {@code area_width} are constants. Immutable and
 * thread-safe.
 */
final class AreaVariant extends MaskedQkvVariant {
    static final String AREA_START = "area_start";
    static final String AREA_WIDTH = "area_width";
    private static final String NAME = "area attention";

    private final int maxWidth;

    AreaVariant(Alignment alignment, Distribution distribution, int maxWidth) {
        this(new Components(alignment, distribution), maxWidth);
    }

    private AreaVariant(Components components, int maxWidth) {
        super(NAME, components);
        if (maxWidth < 1) {
            throw new IllegalArgumentException("max-width must be ≥ 1, got " + maxWidth);
        }
        this.maxWidth = maxWidth;
    }

    @Override
    AreaVariant with(Components c) {
        return new AreaVariant(c, maxWidth);
    }

    @Override
    public String toString() {
        return "AreaVariant(max-width=" + maxWidth + ", " + components + ")";
    }

    /** The pooled areas as keys and values, masked to those inside each element's real keys. */
    @Override
    Pass pass(QkvBinding in) {
        AreaLayout layout = layout(in);
        int[] lengths = in.keyLengths();
        Tensor keys = layout.pool(in.keys, lengths, true, in.keys.dtype());
        Tensor values = layout.pool(in.values, lengths, false, in.queries.dtype());
        Mask mask = in.queryPadding.and(layout.mask(lengths));
        Map<String, Tensor> named = new LinkedHashMap<>();
        named.put(AREA_START, layout.describe(in.queries.batchShape(), in.queries.dtype(), true));
        named.put(AREA_WIDTH, layout.describe(in.queries.batchShape(), in.queries.dtype(), false));
        return attend(in, keys, values, mask, named);
    }

    /** Attend saw the pooled areas as its keys and values; unpool carries their gradients back. */
    @Override
    VariantGradients inputGradients(QkvBinding in, Attend.Backward g) {
        AreaLayout layout = layout(in);
        int[] lengths = in.keyLengths();
        Tensor dKeys = layout.unpool(g.keys(), in.keys.shape(), lengths, true, in.keys.dtype());
        Tensor dValues = layout.unpool(g.values(), in.rawValues.shape(), lengths, false, in.rawValues.dtype());
        return QkvBinding.gradients(g.queries(), dKeys, dValues,
                QualifiedParameters.ownLast(g.alignment(), g.distribution(), Parameters.empty()));
    }

    private AreaLayout layout(QkvBinding in) {
        return AreaLayout.of(in.keys.rows(), maxWidth);
    }

    /** Each query attends to the same areas of keys: rows and batch entries independent, as far as the components are. */
    @Override
    Independence ownIndependence() {
        return Independence.ALL;
    }
}
