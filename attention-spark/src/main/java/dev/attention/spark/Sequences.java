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

    /** The struct of group values while nesting. */
    private static final String NESTED_GROUP = "_groups";

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

    /**
     * Groups rows that each hold one token into one row per outermost group with nested rows, for
     * {@code multilevel}: with {@code groups = [document, sentence]} each document's row holds its
     * sentences, each sentence its tokens' {@code features}, as {@code array<array<array<double>>>}
     * in column {@value AttentionSpark#SEQUENCE}, next to {@code groups.get(0)} and {@value #START}.
     * Tokens are sorted by {@code order}, and so are the units holding them (by their first token),
     * as the command line's {@code group: [document, sentence]} nests a file's rows. One group
     * column is {@link #fromRows}.
     *
     * @param groups the group columns, outermost first
     */
    public static Dataset<Row> fromNestedRows(Dataset<Row> rows, List<String> groups, String order,
            List<String> features) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("name at least one group column");
        }
        Dataset<Row> nested = rows.withColumn(NESTED_GROUP, functions.struct(
                groups.stream().map(functions::col).toArray(Column[]::new)));
        nested = fromRows(nested, NESTED_GROUP, order, features);
        for (int k = groups.size() - 1; k >= 1; k--) {
            Column[] outer = groups.subList(0, k).stream().map(g -> functions.col(NESTED_GROUP + "." + g))
                    .toArray(Column[]::new);
            Column element = functions.struct(functions.col(START).as("o"),
                    functions.col(AttentionSpark.SEQUENCE).as("v"));
            nested = nested.groupBy(functions.struct(outer).as(NESTED_GROUP))
                    .agg(functions.min(functions.col(START)).as(START),
                            functions.sort_array(functions.collect_list(element)).as("elements"))
                    .select(functions.col(NESTED_GROUP), functions.col(START),
                            functions.expr("transform(elements, e -> e.v)").as(AttentionSpark.SEQUENCE));
        }
        return nested.select(functions.col(NESTED_GROUP + "." + groups.get(0)).as(groups.get(0)),
                functions.col(START), functions.col(AttentionSpark.SEQUENCE));
    }
}
