package dev.attention.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@link Main}: {@code CONFIG INPUT OUTPUT [options]}. Formats default from the
 * paths' extensions ({@code .csv} → CSV, anything else Parquet).
 */
record MainArgs(String config, String input, String output, String inputFormat, String outputFormat, int topK,
        boolean overwrite, boolean check) {
    static final String USAGE = String.join("\n",
            "usage: spark-submit --class dev.attention.spark.Main attention-spark.jar CONFIG INPUT OUTPUT [options]",
            "       spark-submit --class dev.attention.spark.Main attention-spark.jar --check OUTPUT",
            "       spark-submit --class dev.attention.spark.Main attention-spark.jar fit CONFIG DIR [--partitions N]",
            "  CONFIG                  the pipeline config (YAML or JSON, on the driver's file system);",
            "                          keys and values come from its inputs, queries or sequences from INPUT",
            "  INPUT, OUTPUT           paths Spark can read and write (file:, hdfs:, s3a:, …)",
            "  --input-format FORMAT   csv | parquet (default: from INPUT's extension)",
            "  --output-format FORMAT  csv | parquet (default: from OUTPUT's extension)",
            "  --top-k K               also write the K largest weights per query",
            "  --overwrite             replace OUTPUT if it exists (the new set replaces the old one whole)",
            "  --check                 say whether OUTPUT holds one whole set (exit 0) or not (exit 1)");

    /** @throws IllegalArgumentException with the problem, for a usage error */
    static MainArgs parse(String[] args) {
        List<String> positional = new ArrayList<>();
        String in = null;
        String out = null;
        int topK = 0;
        boolean overwrite = false;
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--input-format" -> in = format(value(args, ++i, a));
                case "--output-format" -> out = format(value(args, ++i, a));
                case "--top-k" -> topK = atLeastOne(a, value(args, ++i, a));
                case "--overwrite" -> overwrite = true;
                case "--check" -> check = true;
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    positional.add(a);
                }
            }
        }
        if (check) {
            if (positional.size() != 1) {
                throw new IllegalArgumentException("--check takes OUTPUT alone, got " + positional.size() + " paths");
            }
            return new MainArgs(null, null, positional.get(0), null, null, 0, false, true);
        }
        if (positional.size() != 3) {
            throw new IllegalArgumentException("expected CONFIG INPUT OUTPUT, got " + positional.size() + " paths");
        }
        String input = positional.get(1);
        String output = positional.get(2);
        return new MainArgs(positional.get(0), input, output, in != null ? in : byExtension(input),
                out != null ? out : byExtension(output), topK, overwrite, false);
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String format(String f) {
        String s = f.toLowerCase(Locale.ROOT);
        if (!s.equals("csv") && !s.equals("parquet")) {
            throw new IllegalArgumentException("unknown format '" + f + "'; use csv or parquet");
        }
        return s;
    }

    /** {@code s} as a whole number ≥ 1 for {@code option}; shared with {@link FitArgs}. */
    static int atLeastOne(String option, String s) {
        try {
            int k = Integer.parseInt(s);
            if (k >= 1) {
                return k;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number ≥ 1, got '" + s + "'");
    }

    private static String byExtension(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.endsWith(".csv") ? "csv" : "parquet";
    }
}
