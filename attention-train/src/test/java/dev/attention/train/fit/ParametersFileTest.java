package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parameters.json: write → read gives the same names, order, dtypes, shapes and bits. */
class ParametersFileTest {
    @TempDir
    Path tmp;

    @Test
    void round_trip_is_bit_identical_in_both_dtypes() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("alignment.log_sigma", Tensor.of(DType.FLOAT64, new int[] {1, 1}, Math.log(0.3)));
        m.put("variant.u", Tensor.of(DType.FLOAT32, new int[] {1, 3}, 0.1, -1e-7, Math.PI));
        m.put("head.weight", Tensor.of(DType.FLOAT64, new int[] {2, 3}, 1.0 / 3, -2, 1e300, 4e-320, 0, -0.0));
        Parameters p = Parameters.of(m);
        Path f = tmp.resolve("parameters.json");
        try (Writer w = Files.newBufferedWriter(f)) {
            ParametersFile.write(w, p);
        }
        Parameters back = ParametersFile.read(f);
        assertEquals(p, back);
        assertEquals(p.names().stream().toList(), back.names().stream().toList());
        assertTrue(Files.readString(f).contains("\"shape\" : [ 2, 3 ]"), Files.readString(f));
    }

    @Test
    void a_shape_that_does_not_fit_the_data_is_named() throws IOException {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"alignment.W\": {\"dtype\": \"float64\", \"shape\": [2, 2], \"data\": [[1, 2]]}}");
        DataException e = assertThrows(DataException.class, () -> ParametersFile.read(f));
        assertTrue(e.getMessage().contains("alignment.W") && e.getMessage().contains("bad.json"), e.getMessage());
    }
}
