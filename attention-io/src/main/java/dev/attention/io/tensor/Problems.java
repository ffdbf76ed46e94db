package dev.attention.io.tensor;

import dev.attention.api.DataException;

/** The one-line errors of this package: the file, then the tensor when one is at fault. */
final class Problems {
    private Problems() {
    }

    static DataException inFile(String file, String message) {
        return new DataException(file, 0, null, message);
    }

    static DataException inTensor(String file, String tensor, String message) {
        return new DataException(file, 0, null, "tensor '" + tensor + "': " + message);
    }
}
