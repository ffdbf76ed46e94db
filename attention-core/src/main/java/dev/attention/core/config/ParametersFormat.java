package dev.attention.core.config;

import java.util.Arrays;
import java.util.Optional;

/** How the tensors of a {@code parameters:} file are named. */
public enum ParametersFormat {
    /**
     * The engine's qualified names {@code <component>.<name>}, as {@code attention fit} writes them:
     * a {@code .safetensors} file, or a {@code parameters.json} of earlier versions.
     */
    ATTENTION("attention"),
    /** A PyTorch {@code nn.MultiheadAttention} state dict saved as safetensors, for {@code multi-head}. */
    TORCH_MHA("torch-mha");

    private final String id;

    ParametersFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    static Optional<ParametersFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
