package dev.attention.variants;

import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Provider of the {@code multi-representational} variant: attention over N representations of
 * each element (see {@link MultiRepresentationalVariant}). The representations are named inputs
 * listed in the {@code representations} parameter; plugin parameters are scalars, so the list is
 * one comma-separated string, and the engine's input check then refuses any input not listed.
 */
public final class MultiRepresentationalProvider implements VariantProvider {
    static final String REPRESENTATIONS = "representations";
    static final String DIM = "dim";

    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.stringParam(REPRESENTATIONS)
                    .doc("the inputs holding the representations, comma-separated, e.g. \"glove,elmo\" (at least two)"),
            ParameterSpec.intParam(DIM).defaultValue(0).atLeast(0)
                    .doc("common width every representation is projected to, P_r [dim, d_r]; 0 = the first one's width"));

    public MultiRepresentationalProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "multi-representational";
    }

    @Override
    public String description() {
        return "attention over N representations of each element: output_i = Σ_r f(a(P_r x_r,i, u))_r · P_r x_r,i";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    /**
     * Draws each {@code P_r} from the stream {@code "P_<input>"} and {@code u} from {@code "u"}.
     *
     * @throws ConfigException naming {@code representations} for fewer than two, blank or repeated
     *     names, or a representation whose width is unknown
     */
    @Override
    public Variant create(PluginContext context) {
        List<String> names = names(context.getString(REPRESENTATIONS));
        int dim = context.getInt(DIM) > 0 ? context.getInt(DIM) : context.requireWidth(names.get(0));
        List<Tensor> projections = new ArrayList<>();
        for (String name : names) {
            int d = context.requireWidth(name);
            projections.add(LinearMaps.xavierUniform(context.random("P_" + name), context.dtype(), dim, d));
        }
        Tensor u = LinearMaps.xavierUniform(context.random("u"), context.dtype(), 1, dim);
        return new MultiRepresentationalVariant(context.alignment(dim, dim), context.distribution(), names,
                projections, u);
    }

    private static List<String> names(String raw) {
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new ConfigException(REPRESENTATIONS, "'" + raw + "' has a blank name",
                        "list input names separated by commas, e.g. \"glove,elmo\"");
            }
            if (out.contains(name)) {
                throw new ConfigException(REPRESENTATIONS, "'" + name + "' is listed twice", "list each input once");
            }
            out.add(name);
        }
        if (out.size() < 2) {
            throw new ConfigException(REPRESENTATIONS, "needs at least two representations, got " + out,
                    "list the inputs, e.g. \"glove,elmo\"");
        }
        return out;
    }
}
