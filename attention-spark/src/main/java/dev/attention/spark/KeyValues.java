package dev.attention.spark;

import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.data.LoadedInput;
import dev.attention.core.JobFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Where the keys and values every query attends over come from. They are read on the driver and
 * broadcast to each executor once, so they must fit in memory (as they must for the single-machine
 * engine); the queries are what scales.
 */
public abstract class KeyValues {
    KeyValues() {
    }

    /** Reads them on the driver; {@code config} is the scoring config. */
    abstract KeyValueData load(JobConfig config);

    /**
     * The config's own {@code inputs.keys} and {@code inputs.values} (CSV, {@code .npy},
     * {@code .safetensors} or inline), read exactly as the command line reads them.
     */
    public static KeyValues fromConfig() {
        return new KeyValues() {
            @Override
            KeyValueData load(JobConfig config) {
                LoadedInput k = input(config, "keys");
                LoadedInput v = input(config, "values");
                return new KeyValueData(Dense.of(k.tensor()), Dense.of(v.tensor()), v.columns(),
                        k.source() + " / " + v.source());
            }
        };
    }

    /** Rows of keys and of values given in Java (float64); value columns are named {@code c0, c1, …}. */
    public static KeyValues of(double[][] keys, double[][] values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        return new KeyValues() {
            @Override
            KeyValueData load(JobConfig config) {
                Tensor k = Tensor.matrix(DType.FLOAT64, keys);
                Tensor v = Tensor.matrix(DType.FLOAT64, values);
                List<String> names = new ArrayList<>();
                for (int j = 0; j < v.cols(); j++) {
                    names.add("c" + j);
                }
                return new KeyValueData(Dense.of(k), Dense.of(v), names, "arrays");
            }
        };
    }

    /**
     * Keys and values from the columns of a (small) dataset, one key and one value per row, in the
     * dataset's order; they are collected to the driver.
     */
    public static KeyValues fromDataset(Dataset<Row> data, List<String> keyColumns, List<String> valueColumns) {
        Objects.requireNonNull(data, "data");
        List<String> kc = List.copyOf(keyColumns);
        List<String> vc = List.copyOf(valueColumns);
        if (kc.isEmpty() || vc.isEmpty()) {
            throw new IllegalArgumentException("name at least one key column and one value column");
        }
        return new KeyValues() {
            @Override
            KeyValueData load(JobConfig config) {
                List<Column> cols = new ArrayList<>();
                for (String c : kc) {
                    cols.add(functions.col(c).cast(DataTypes.DoubleType));
                }
                for (String c : vc) {
                    cols.add(functions.col(c).cast(DataTypes.DoubleType));
                }
                List<Row> rows = data.select(cols.toArray(new Column[0])).collectAsList();
                if (rows.isEmpty()) {
                    throw new DataException("the keys dataset", 0, null, "has no rows; attention needs at least one key");
                }
                double[][] k = new double[rows.size()][kc.size()];
                double[][] v = new double[rows.size()][vc.size()];
                for (int i = 0; i < rows.size(); i++) {
                    Row r = rows.get(i);
                    for (int j = 0; j < kc.size() + vc.size(); j++) {
                        String name = j < kc.size() ? kc.get(j) : vc.get(j - kc.size());
                        if (r.isNullAt(j) || !Double.isFinite(r.getDouble(j))) {
                            throw new DataException("the keys dataset", i + 1, name,
                                    (r.isNullAt(j) ? "null" : "'" + r.getDouble(j) + "'")
                                            + " is not a finite number; every key and value cell must be one");
                        }
                        if (j < kc.size()) {
                            k[i][j] = r.getDouble(j);
                        } else {
                            v[i][j - kc.size()] = r.getDouble(j);
                        }
                    }
                }
                return new KeyValueData(Dense.of(Tensor.matrix(DType.FLOAT64, k)),
                        Dense.of(Tensor.matrix(DType.FLOAT64, v)), vc, "a dataset");
            }
        };
    }

    private static LoadedInput input(JobConfig config, String name) {
        InputConfig ic = config.inputs().get(name);
        if (ic == null) {
            Position at = config.inputsAt();
            throw new ConfigException(at.file(), at.line(), at.column(), "inputs",
                    "keys and values from the config need inputs." + name,
                    "add inputs: {" + name + ": {file: train.csv, columns: [...]}}, or pass KeyValues.of(...)");
        }
        LoadedInput li;
        try {
            li = JobFiles.input(ic);
        } catch (DataException e) {
            Position p = ic.position();
            throw e.within("for inputs." + name + (p.file() == null ? "" : " at " + p.file() + ":" + p.line() + ":"
                    + p.column()));
        }
        if (li.lengths().isPresent() || li.tensor().rank() > 2) {
            Position p = ic.position();
            throw new ConfigException(p.file(), p.line(), p.column(), "inputs." + name,
                    "grouped or batched " + name + " cannot be shared by every query",
                    "give one key set (no group:), or score sequences with AttentionSpark.scoreSequences");
        }
        return li;
    }
}
