package dev.attention.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and values read on the driver, ready to broadcast.
 *
 * @param valueColumns the values' column names, which name the prediction's entries in files
 * @param source       where they came from, for messages
 */
record KeyValueData(Dense keys, Dense values, List<String> valueColumns, String source) implements Serializable {
    private static final long serialVersionUID = 1L;

    KeyValueData {
        valueColumns = new ArrayList<>(valueColumns);
    }
}
