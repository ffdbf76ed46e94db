package dev.attention.spark;

import dev.attention.api.DataException;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.JobConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which fields of a row make up its query vector: several numeric columns, or one
 * {@code array<number>} column of a fixed width. Resolved against the schema on the driver; read
 * per row on the executors, where a null, a non-finite number or a wrong length is a
 * {@link DataException} naming the column, as the command line refuses such cells.
 */
final class QueryColumns implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String[] names;
    private final int[] fields;
    private final boolean array;
    private int width;

    private QueryColumns(String[] names, int[] fields, boolean array, int width) {
        this.names = names;
        this.fields = fields;
        this.array = array;
        this.width = width;
    }

    /**
     * The query columns of {@code schema}: those asked for, else the config's
     * {@code inputs.queries.columns}, else every numeric column.
     */
    static QueryColumns resolve(StructType schema, List<String> asked, JobConfig config) {
        List<String> chosen = new ArrayList<>(asked);
        if (chosen.isEmpty()) {
            InputConfig q = config.inputs().get("queries");
            if (q != null && q.file().isPresent()) {
                for (Object c : q.columns()) {
                    chosen.add(c instanceof Integer ? schema.fields()[(Integer) c].name() : (String) c);
                }
            }
        }
        if (chosen.isEmpty()) {
            for (StructField f : schema.fields()) {
                if (f.dataType() instanceof NumericType) {
                    chosen.add(f.name());
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no query columns: the dataset has no numeric column ("
                    + schema.simpleString() + "); name them with ScoreOptions.withQueryColumns");
        }
        int[] fields = new int[chosen.size()];
        for (int j = 0; j < fields.length; j++) {
            String name = chosen.get(j);
            if (!Arrays.asList(schema.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("query column '" + name + "' is not in the dataset; it has "
                        + String.join(", ", schema.fieldNames()));
            }
            fields[j] = schema.fieldIndex(name);
            DataType t = schema.fields()[fields[j]].dataType();
            boolean arrayOfNumbers = t instanceof ArrayType && ((ArrayType) t).elementType() instanceof NumericType;
            if (arrayOfNumbers && fields.length == 1) {
                return new QueryColumns(new String[] {name}, fields, true, -1);
            }
            if (!(t instanceof NumericType)) {
                throw new IllegalArgumentException("query column '" + name + "' is " + t.simpleString()
                        + "; a query is numeric columns or one array<double> column");
            }
        }
        return new QueryColumns(chosen.toArray(new String[0]), fields, false, fields.length);
    }

    boolean isArray() {
        return array;
    }

    /** The array column's name, or the columns'. */
    List<String> names() {
        return List.of(names);
    }

    /** Fixes the width of an array column (from the first rows); columns know theirs. */
    void width(int w) {
        this.width = w;
    }

    int width() {
        return width;
    }

    /** Copies row {@code r}'s query into {@code dst}; {@code where} names the row in messages. */
    void read(Row r, double[] dst, String where) {
        if (!array) {
            for (int j = 0; j < fields.length; j++) {
                dst[j] = finite(r.isNullAt(fields[j]) ? null : (Number) r.get(fields[j]), names[j], where);
            }
            return;
        }
        if (r.isNullAt(fields[0])) {
            throw new DataException("the queries", 0, names[0], where + ": null query");
        }
        List<Object> xs = r.getList(fields[0]);
        if (xs.size() != width) {
            throw new DataException("the queries", 0, names[0], where + ": query has " + xs.size()
                    + " values, the first rows have " + width + "; every query needs the same width");
        }
        for (int j = 0; j < width; j++) {
            dst[j] = finite((Number) xs.get(j), names[0] + "[" + j + "]", where);
        }
    }

    static double finite(Number n, String column, String where) {
        if (n == null) {
            throw new DataException("the queries", 0, column, where + ": null cell; every query cell must be a number");
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            throw new DataException("the queries", 0, column, where + ": '" + v
                    + "' is not a finite number; remove or impute NaN and infinite values");
        }
        return v;
    }
}
