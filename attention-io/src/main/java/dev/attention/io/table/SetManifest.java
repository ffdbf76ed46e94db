package dev.attention.io.table;

import dev.attention.io.util.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The manifest of one output set, {@value #NAME} inside its folder, written last: a first line
 * {@value #HEADER}, then one line {@code <CRC-32C, 8 hex digits> <size in bytes> <file name>} per
 * file. A folder whose manifest is present and whose files match it is a whole set. Manifests of
 * earlier versions ({@value #HEADER_SHA256}: a SHA-256 per file) are still read and checked.
 */
public final class SetManifest {
    public static final String NAME = ".attention-manifest";
    static final String HEADER = "attention-set 2";
    static final String HEADER_SHA256 = "attention-set 1";

    /**
     * How a manifest sums its files. The sum detects a torn, cut or swapped file, not tampering (whoever
     * can rewrite a file can rewrite the manifest), so a checksum suffices: CRC-32C runs at memory
     * speed from a cold start, where SHA-256 costs about 0.1 s per MB until the JIT has compiled it.
     */
    public enum Sum {
        CRC32C(8), SHA256(64);

        private final int hexDigits;

        Sum(int hexDigits) {
            this.hexDigits = hexDigits;
        }

        /** The sum of {@code file} in lowercase hex, {@code hexDigits} long. */
        public String of(Path file) throws IOException {
            return this == SHA256 ? sha256(file) : crc32c(file);
        }
    }

    /** One file of the set and its sum. */
    public record Entry(String name, long size, Sum kind, String sum) {
    }

    private SetManifest() {
    }

    /** Computes the entries of {@code names} in {@code dir} from the files as they are now. */
    static List<Entry> describe(Path dir, Iterable<String> names) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String name : names) {
            Path f = dir.resolve(name);
            out.add(new Entry(name, Files.size(f), Sum.CRC32C, crc32c(f)));
        }
        return out;
    }

    /** Writes the manifest of {@code entries} into {@code dir}: a temporary forced to disk and renamed into place. */
    static void write(Path dir, List<Entry> entries) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            sb.append(e.sum()).append(' ').append(e.size()).append(' ').append(e.name()).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        DurableFiles.replace(dir.resolve(NAME), out -> out.write(bytes));
    }

    /**
     * Reads the manifest of {@code dir}.
     *
     * @throws NoSuchFileException when there is none
     * @throws IOException when it cannot be read or is not one (cut short, edited)
     */
    static List<Entry> read(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(NAME), StandardCharsets.UTF_8);
        Sum kind = lines.isEmpty() ? null : lines.get(0).equals(HEADER) ? Sum.CRC32C
                : lines.get(0).equals(HEADER_SHA256) ? Sum.SHA256 : null;
        if (kind == null) {
            throw new IOException(dir.resolve(NAME) + " does not start with '" + HEADER + "'");
        }
        List<Entry> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(" ", 3);
            if (parts.length != 3 || parts[0].length() != kind.hexDigits) {
                throw new IOException(dir.resolve(NAME) + " has a malformed line '" + line + "'");
            }
            try {
                out.add(new Entry(parts[2], Long.parseLong(parts[1]), kind, parts[0]));
            } catch (NumberFormatException e) {
                throw new IOException(dir.resolve(NAME) + " has a malformed size in '" + line + "'");
            }
        }
        return out;
    }

    static String crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
