package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.Distribution;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Inputs for co-attention, multi-representational and multilevel tests. Padding rows are zero, as
 * the data loader fills them. The nested sequence is two documents of d = 2: document 0 has three
 * sentences of 2, 4 and 1 tokens, document 1 two sentences of 3 and 2 tokens and a padded third.
 */
final class HierarchyFixtures {
    static final int[] TOKENS = {2, 4, 1, 3, 2, 0};
    static final int[] SENTENCES = {3, 2};

    private HierarchyFixtures() {
    }

    static AttentionInputs coAttention() {
        Tensor a = zeroPadding(GradientCheck.random(new int[] {2, 3, 2}, 31, -1, 1), new int[] {3, 2});
        Tensor b = zeroPadding(GradientCheck.random(new int[] {2, 4, 3}, 32, -1, 1), new int[] {4, 3});
        return AttentionInputs.builder().put("a", a, 3, 2).put("b", b, 4, 3).build();
    }

    static AttentionInputs representations() {
        Tensor glove = zeroPadding(GradientCheck.random(new int[] {2, 3, 2}, 41, -1, 1), new int[] {3, 2});
        Tensor elmo = zeroPadding(GradientCheck.random(new int[] {2, 3, 4}, 42, -1, 1), new int[] {3, 2});
        return AttentionInputs.builder().put("glove", glove, 3, 2).put("elmo", elmo, 3, 2).build();
    }

    /** {@code [2, 3, 4, 2]}: documents of sentences of tokens, padded at both levels. */
    static AttentionInputs documents() {
        Tensor x = GradientCheck.random(new int[] {6, 4, 2}, 51, -1, 1);
        Tensor padded = zeroPadding(x, TOKENS).reshape(2, 3, 4, 2);
        return AttentionInputs.builder().putNested("sequence", padded, List.of(TOKENS, SENTENCES)).build();
    }

    /** Rows {@code i ≥ lengths[b]} of each matrix set to 0. */
    static Tensor zeroPadding(Tensor t, int[] lengths) {
        Tensor.Builder out = Tensor.builder(t.dtype(), t.shape());
        for (int b = 0; b < t.batchSize(); b++) {
            for (int i = 0; i < lengths[b]; i++) {
                for (int c = 0; c < t.cols(); c++) {
                    out.set(b, i, c, t.get(b, i, c));
                }
            }
        }
        return out.build();
    }

    /** One level context of {@code multilevel}: its alignment, distribution and parameters. */
    static PluginContext level(Map<String, ?> parameters, Alignment a, Distribution f) {
        VariantProvider p = Fixtures.provider("multilevel");
        return PluginContext.builder(p.id(), p.parameters()).parameters(parameters).width("sequence", 2)
                .alignment(a).distribution(f).seed(5).build();
    }

    /** {@code multilevel} with the given level contexts, as the engine would create it. */
    static Variant multilevel(List<PluginContext> levels) {
        VariantProvider p = Fixtures.provider("multilevel");
        return p.create(PluginContext.builder(p.id(), p.parameters()).width("sequence", 2)
                .alignment(ReferenceComponents.dot()).distribution(ReferenceComponents.softmax())
                .levels(new ArrayList<>(levels)).seed(5).build());
    }

    static Variant create(VariantProvider p, Map<String, ?> parameters, AttentionInputs widthsFrom) {
        PluginContext.Builder b = PluginContext.builder(p.id(), p.parameters()).parameters(parameters)
                .alignment(ReferenceComponents.dot()).distribution(ReferenceComponents.softmax());
        for (String n : widthsFrom.names()) {
            b.width(n, widthsFrom.tensor(n).cols());
        }
        return p.create(b.build());
    }
}
