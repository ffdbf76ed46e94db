package dev.attention.spark;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** Building the one-sequence-per-row datasets {@link AttentionSpark#scoreSequences} reads. */
public final class Sequences {
    /** The column {@link #fromRows} adds with each group's smallest order value. */
    public static final String START = "start";

    private Sequences() {
    }

    /**
     * Groups rows that each hold one element of a sequence (a token, a time step) into one row per
     * sequence: {@code group}, {@value #START} (the group's smallest {@code order} value, to put the
     * sequences back in file order) and {@value AttentionSpark#SEQUENCE}, the {@code features} of its
     * rows sorted by {@code order} as {@code array<array<double>>}. This is what the command line's
     * {@code group:} does with a file's contiguous rows.
     */
    public static Dataset<Row> fromRows(Dataset<Row> rows, String group, String order, List<String> features) {
        if (features.isEmpty()) {
            throw new IllegalArgumentException("name at least one feature column");
        }
        Column[] cells = features.stream().map(f -> functions.col(f).cast(DataTypes.DoubleType)).toArray(Column[]::new);
        // Sorting structs sorts by their first field, the order, so each sequence keeps its row order.
        Column element = functions.struct(functions.col(order).as("o"), functions.array(cells).as("v"));
        return rows.groupBy(functions.col(group))
                .agg(functions.min(functions.col(order)).as(START),
                        functions.sort_array(functions.collect_list(element)).as("elements"))
                .select(functions.col(group), functions.col(START),
                        functions.expr("transform(elements, e -> e.v)").as(AttentionSpark.SEQUENCE));
    }
}
