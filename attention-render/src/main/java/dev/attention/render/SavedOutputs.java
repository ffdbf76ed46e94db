package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.attention.api.AttentionException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Reads what a page can show from an output folder as attention wrote it: {@code weights.csv} of a
 * run (a panel per batch element, cells kept as the text in the file), {@code training.json} of a
 * fit (the losses per epoch) and {@code leaderboard.csv} of a search. Labels and the pipeline are
 * not stored there, so the page shows indices; {@code --view} on the command itself shows more.
 */
@API(status = MAINTAINED)
public final class SavedOutputs {
    static final String WEIGHTS = "weights.csv";
    static final String TRAINING = "training.json";
    static final String LEADERBOARD = "leaderboard.csv";
    private static final List<String> COMPONENTS = List.of("variant", "alignment", "distribution");

    private SavedOutputs() {
    }

    /**
     * The view of folder {@code dir}.
     *
     * @throws AttentionException when it holds none of the three files, or one cannot be read
     */
    public static AttentionView.Builder read(Path dir) {
        return read(dir, dir.getFileName() == null ? dir.toString() : dir.getFileName().toString());
    }

    /** Like {@link #read(Path)}, titled {@code title}. */
    public static AttentionView.Builder read(Path dir, String title) {
        if (!Files.isDirectory(dir)) {
            throw new AttentionException(dir + " is not a folder; give the output folder of run, fit or search");
        }
        Path weights = dir.resolve(WEIGHTS);
        Path training = dir.resolve(TRAINING);
        Path board = dir.resolve(LEADERBOARD);
        if (!Files.exists(weights) && !Files.exists(training) && !Files.exists(board)) {
            throw new AttentionException(dir + " holds no " + WEIGHTS + ", " + TRAINING + " or " + LEADERBOARD
                    + "; run with output.weights: true and --format csv (or use --view on run, fit or search)");
        }
        AttentionView.Builder b = AttentionView.builder(title).subtitle("from the saved outputs in " + dir);
        try {
            if (Files.exists(weights)) {
                weights(weights, b);
            }
            if (Files.exists(training)) {
                training(training, b);
            }
            if (Files.exists(board)) {
                b.leaderboard(leaderboard(board));
            }
        } catch (IOException e) {
            throw new AttentionException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return b;
    }

    private static void weights(Path file, AttentionView.Builder b) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new AttentionException(file + " is empty; run again to write it");
            }
            List<String> names = List.of(header.split(",", -1));
            boolean batched = names.get(0).equals("batch");
            int skip = batched ? 2 : 1;
            int m = names.size() - skip;
            List<String> cols = names.subList(skip, names.size());
            Map<String, List<String[]>> panels = new LinkedHashMap<>();
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != names.size()) {
                    throw new AttentionException(file + " line " + lineNo + ": " + cells.length + " cells under "
                            + names.size() + " columns; the file is damaged, run again to rewrite it");
                }
                String batch = batched ? cells[0] : "";
                panels.computeIfAbsent(batch, k -> new ArrayList<>()).add(Arrays.copyOfRange(cells, skip,
                        cells.length));
            }
            List<String> keys = cols.stream().allMatch(c -> c.startsWith("key_")) ? HeatmapPanel.indices(m) : cols;
            panels.forEach((batch, rows) -> {
                String[][] cells = rows.toArray(String[][]::new);
                b.panel(new ViewPanel(batch.isEmpty() ? "" : "batch " + batch, cells, HeatmapPanel.indices(cells.length),
                        keys, null, null));
            });
        }
    }

    private static void training(Path file, AttentionView.Builder b) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Integer> epochs = new ArrayList<>();
        List<String> train = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (JsonNode e : root.path("history")) {
            epochs.add(e.path("epoch").asInt());
            train.add(e.path("train_loss").asText());
            JsonNode v = e.path("validation_loss");
            held.add(v.isNumber() ? v.asText() : null);
        }
        if (root.has("name")) {
            b.note("fit of " + root.path("name").asText() + " (" + root.path("pipeline").asText() + "), loss "
                    + root.path("loss").asText() + ", best epoch " + root.path("best_epoch").asText());
        }
        b.curves(new LossCurves(epochs, train, held));
    }

    /** A search's leaderboard; its searched parameters are the components that vary and the {@code parameters} cell. */
    static ViewTable leaderboard(Path file) throws IOException {
        CsvMapper csv = new CsvMapper();
        csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> all = new ArrayList<>();
        try (MappingIterator<String[]> it = csv.readerFor(String[].class).readValues(file.toFile())) {
            while (it.hasNext()) {
                all.add(List.of(it.next()));
            }
        }
        if (all.isEmpty()) {
            throw new AttentionException(file + " is empty; run the search again to write it");
        }
        List<String> columns = all.get(0);
        List<List<String>> rows = all.subList(1, all.size());
        int params = columns.indexOf("parameters");
        List<Map<String, String>> parameters = new ArrayList<>();
        for (List<String> row : rows) {
            Map<String, String> p = new LinkedHashMap<>();
            for (String c : COMPONENTS) {
                int k = columns.indexOf(c);
                if (k >= 0 && varies(rows, k)) {
                    p.put(c, row.get(k));
                }
            }
            if (params >= 0) {
                p.putAll(parameters(row.get(params)));
            }
            parameters.add(p);
        }
        return new ViewTable(columns, rows, columns.contains("mean") ? "mean" : columns.get(columns.size() - 1),
                parameters);
    }

    private static boolean varies(List<List<String>> rows, int column) {
        Set<String> seen = new LinkedHashSet<>();
        rows.forEach(r -> seen.add(r.get(column)));
        return seen.size() > 1;
    }

    /** {@code a.x=1 b.y=[1, 2]} → {a.x: 1, b.y: [1, 2]}: a value runs to the next {@code name=}. */
    static Map<String, String> parameters(String cell) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String token : cell.trim().split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0 && !token.substring(0, eq).contains("[")) {
                if (name != null) {
                    out.put(name, value.toString());
                }
                name = token.substring(0, eq);
                value.setLength(0);
                value.append(token.substring(eq + 1));
            } else if (name != null) {
                value.append(' ').append(token);
            }
        }
        if (name != null) {
            out.put(name, value.toString());
        }
        return out;
    }
}
