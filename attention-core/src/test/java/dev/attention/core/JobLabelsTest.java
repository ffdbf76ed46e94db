package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loaded job carries each input's row labels and the batch elements' group names. */
class JobLabelsTest {
    @TempDir
    Path dir;

    @Test
    void labels_and_groups_reach_the_job() throws IOException {
        Files.writeString(dir.resolve("src.csv"), "s,word,x\na,le,1\na,chat,2\nb,noir,3\n");
        Files.writeString(dir.resolve("tgt.csv"), "s,word,x\na,the,1\nb,cat,2\n");
        Path config = Files.writeString(dir.resolve("job.yaml"), String.join("\n",
                "pipeline: {variant: global}",
                "inputs:",
                "  keys:    {file: src.csv, columns: [x], group: s, labels: word}",
                "  values:  {file: src.csv, columns: [x], group: s}",
                "  queries: {file: tgt.csv, columns: [x], group: s, labels: word}",
                ""));
        Job job = Attention.engine().load(config);
        assertEquals(Map.of("keys", List.of(List.of("le", "chat"), List.of("noir")),
                "queries", List.of(List.of("the"), List.of("cat"))), job.labels());
        assertEquals(List.of("a", "b"), job.groups());
    }

    @Test
    void a_missing_label_column_stops_loading() throws IOException {
        Files.writeString(dir.resolve("src.csv"), "x\n1\n");
        Path config = Files.writeString(dir.resolve("job.yaml"), String.join("\n",
                "pipeline: {variant: global}",
                "inputs:",
                "  keys:    {file: src.csv, labels: word}",
                "  values:  {file: src.csv}",
                "  queries: {file: src.csv}",
                ""));
        DataException e = assertThrows(DataException.class, () -> Attention.engine().load(config));
        assertTrue(e.getMessage().contains("word") && e.getMessage().contains("src.csv"), e.getMessage());
    }
}
