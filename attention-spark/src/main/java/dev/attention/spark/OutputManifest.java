package dev.attention.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The manifest of one Spark output set, {@value #NAME} in its folder, written by the driver after
 * the job: a first line {@value #HEADER}, then {@code <size in bytes> <relative name>} per file.
 * Sizes, not checksums: Spark's part names carry the write job's id, so names and sizes tell one
 * set from another, and a checksum would mean reading the whole output back through the driver.
 * Spark, Hadoop and pyarrow skip names starting with {@code .} when they read a folder.
 */
final class OutputManifest {
    static final String NAME = ".attention-spark-manifest";
    static final String HEADER = "attention-spark-set 1";

    /** One file of the set. */
    record Entry(String name, long size) {
    }

    private OutputManifest() {
    }

    /** Files that are not data: the manifest and its temporary, and Hadoop's {@code .crc} sidecars. */
    static boolean ignored(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return base.startsWith(NAME) || base.startsWith(".") && base.endsWith(".crc");
    }

    /** Every file below {@code dir} as it is now, by name relative to {@code dir}, sorted. */
    static List<Entry> describe(FileSystem fs, Path dir) throws IOException {
        List<Entry> out = new ArrayList<>();
        describe(fs, dir, "", out);
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** By listStatus, not listFiles: a located status asks the local file system for owners (a fork each). */
    private static void describe(FileSystem fs, Path dir, String prefix, List<Entry> out) throws IOException {
        for (FileStatus f : fs.listStatus(dir)) {
            String name = prefix + f.getPath().getName();
            if (f.isDirectory()) {
                describe(fs, f.getPath(), name + "/", out);
            } else if (!ignored(name)) {
                out.add(new Entry(name, f.getLen()));
            }
        }
    }

    /** Writes the manifest of {@code entries} into {@code dir}: a temporary, renamed into place. */
    static void write(FileSystem fs, Path dir, List<Entry> entries, OutputCommit.Steps steps) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            sb.append(e.size()).append(' ').append(e.name()).append('\n');
        }
        Path tmp = new Path(dir, NAME + ".tmp");
        try (OutputStream o = fs.create(tmp, true)) {
            o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        steps.after("write manifest temporary");
        if (!fs.rename(tmp, new Path(dir, NAME))) {
            throw new IOException("cannot rename " + tmp + " to " + NAME);
        }
        steps.after("rename manifest");
    }

    /**
     * Reads the manifest of {@code dir}.
     *
     * @throws java.io.FileNotFoundException when there is none
     * @throws IOException when it cannot be read or is not one
     */
    static List<Entry> read(FileSystem fs, Path dir) throws IOException {
        Path file = new Path(dir, NAME);
        List<Entry> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            if (!HEADER.equals(r.readLine())) {
                throw new IOException(file + " does not start with '" + HEADER + "'");
            }
            for (String line; (line = r.readLine()) != null; ) {
                int space = line.indexOf(' ');
                try {
                    out.add(new Entry(line.substring(space + 1), Long.parseLong(line.substring(0, Math.max(space, 0)))));
                } catch (NumberFormatException e) {
                    throw new IOException(file + " has a malformed line '" + line + "'");
                }
            }
        }
        return out;
    }

    /** Whether {@code dir} holds exactly the files its manifest lists, each of its size. */
    static boolean matches(FileSystem fs, Path dir) throws IOException {
        try {
            return read(fs, dir).equals(describe(fs, dir));
        } catch (java.io.FileNotFoundException e) {
            return false;
        }
    }
}
