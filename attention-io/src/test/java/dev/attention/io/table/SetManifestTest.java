package dev.attention.io.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests sum their files with CRC-32C, and manifests of earlier versions (SHA-256) still check.
 * Expected sums are the algorithms' published check values: CRC-32C("123456789") = e3069283
 * (RFC 3720, B.4), SHA-256("abc") = ba7816bf… (FIPS 180-2, B.1).
 */
class SetManifestTest {
    private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    @Test
    void a_new_manifest_lists_crc32c_sizes_and_names_and_a_changed_byte_is_found() throws Exception {
        Files.writeString(dir.resolve("output.csv"), "123456789");
        Files.writeString(dir.resolve("weights.csv"), "abc");
        SetManifest.write(dir, SetManifest.describe(dir, List.of("output.csv", "weights.csv")));
        assertEquals("attention-set 2\ne3069283 9 output.csv\n364b3fb7 3 weights.csv\n",
                Files.readString(dir.resolve(SetManifest.NAME)));
        assertTrue(SetCheck.check(dir).whole(), SetCheck.check(dir).message());

        Files.writeString(dir.resolve("output.csv"), "123456780");
        SetCheck.Verdict v = SetCheck.check(dir);
        assertFalse(v.whole());
        assertEquals("mixed or damaged set in " + dir.toAbsolutePath().normalize() + ": output.csv is not the file"
                + " the manifest lists (size or CRC-32C differs); rerun", v.message());
    }

    @Test
    void an_earlier_versions_sha256_manifest_is_still_checked() throws Exception {
        Files.writeString(dir.resolve("output.csv"), "abc");
        Files.writeString(dir.resolve(SetManifest.NAME), "attention-set 1\n" + SHA256_ABC + " 3 output.csv\n",
                StandardCharsets.UTF_8);
        assertTrue(SetCheck.check(dir).whole(), SetCheck.check(dir).message());

        Files.writeString(dir.resolve("output.csv"), "abd");
        SetCheck.Verdict v = SetCheck.check(dir);
        assertFalse(v.whole());
        assertTrue(v.message().endsWith("output.csv is not the file the manifest lists (size or SHA-256 differs); rerun"),
                v.message());
    }

    @Test
    void a_sum_of_the_wrong_length_for_its_version_is_a_malformed_manifest() throws Exception {
        Files.writeString(dir.resolve("output.csv"), "abc");
        Files.writeString(dir.resolve(SetManifest.NAME), "attention-set 2\n" + SHA256_ABC + " 3 output.csv\n");
        SetCheck.Verdict v = SetCheck.check(dir);
        assertFalse(v.whole());
        assertTrue(v.message().contains("has a malformed line"), v.message());
    }
}
