package dev.attention.spark;

import java.util.ArrayList;
import java.util.List;

/** The command line of {@link Main}'s {@code fit}: {@code fit CONFIG DIR [--partitions N]}. */
record FitArgs(String config, String dir, int partitions) {
    static final String USAGE = String.join("\n",
            "usage: spark-submit --class dev.attention.spark.Main attention-spark.jar fit CONFIG DIR [--partitions N]",
            "  CONFIG                  a config with a fit: section (on the driver's file system; the driver",
            "                          reads its data and broadcasts it to the executors)",
            "  DIR                     where training.json, parameters.safetensors and checkpoint.safetensors",
            "                          go (the driver's file system), all or nothing",
            "  --partitions N          parts each step's examples are cut into (default: Spark's default parallelism)");

    /** @throws IllegalArgumentException with the problem, for a usage error; {@code args[0]} is {@code fit} */
    static FitArgs parse(String[] args) {
        List<String> positional = new ArrayList<>();
        int partitions = 0;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--partitions")) {
                partitions = MainArgs.atLeastOne(a, MainArgs.value(args, ++i, a));
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a + " for fit");
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 2) {
            throw new IllegalArgumentException("fit expects CONFIG DIR, got " + positional.size() + " paths");
        }
        return new FitArgs(positional.get(0), positional.get(1), partitions);
    }
}
