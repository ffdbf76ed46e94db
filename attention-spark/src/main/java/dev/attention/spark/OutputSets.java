package dev.attention.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Says whether a Spark output written by {@link Main} is one whole set: its manifest is there and
 * the folder holds exactly the files it lists, each of its size. Only reads; an interrupted commit
 * is finished by the next run into the same OUTPUT.
 */
public final class OutputSets {
    /** What was found at OUTPUT. */
    public enum State {
        /** One whole set. */
        WHOLE,
        /** Nothing at OUTPUT: never written, or a commit was interrupted between its two renames. */
        MISSING,
        /** A folder without a manifest: an earlier version's output, or one made by hand. */
        NO_MANIFEST,
        /** Files missing, of another size or not in the manifest: incomplete, mixed or damaged. */
        MIXED
    }

    /** The state and one line saying what was found and, when not whole, what to do. */
    public record Verdict(State state, String message) {
        public boolean whole() {
            return state == State.WHOLE;
        }
    }

    private OutputSets() {
    }

    /** Checks OUTPUT (any path Spark writes: file:, hdfs:, s3a:…) with the session's Hadoop configuration. */
    public static Verdict check(SparkSession spark, String output) {
        return check(spark.sparkContext().hadoopConfiguration(), output);
    }

    /** Checks OUTPUT with a Hadoop configuration. */
    public static Verdict check(Configuration conf, String output) {
        try {
            Path p = new Path(output);
            return check(p.getFileSystem(conf), p);
        } catch (IOException e) {
            return new Verdict(State.MIXED, "cannot check " + output + ": " + e.getMessage());
        }
    }

    static Verdict check(FileSystem fs, Path output) {
        Path out = OutputCommit.qualified(fs, output);
        try {
            if (!fs.exists(out)) {
                return missing(fs, out);
            }
            if (!fs.getFileStatus(out).isDirectory()) {
                return new Verdict(State.MIXED, out + " is a file, not an output folder");
            }
            List<OutputManifest.Entry> listed;
            try {
                listed = OutputManifest.read(fs, out);
            } catch (FileNotFoundException e) {
                return new Verdict(State.NO_MANIFEST, out + " has no manifest (" + OutputManifest.NAME + "): written by an"
                        + " earlier version, by hand or cut short, so whether its files belong together is unknown;"
                        + " rerun with --overwrite to write a whole set");
            } catch (IOException e) {
                return new Verdict(State.MIXED, "damaged set in " + out + ": " + e.getMessage() + "; rerun with --overwrite");
            }
            Map<String, Long> found = new HashMap<>();
            for (OutputManifest.Entry e : OutputManifest.describe(fs, out)) {
                found.put(e.name(), e.size());
            }
            long bytes = 0;
            for (OutputManifest.Entry e : listed) {
                Long size = found.remove(e.name());
                if (size == null) {
                    return new Verdict(State.MIXED, "incomplete set in " + out + ": " + e.name() + " is missing;"
                            + " rerun with --overwrite");
                }
                if (size != e.size()) {
                    return new Verdict(State.MIXED, "mixed or damaged set in " + out + ": " + e.name() + " has " + size
                            + " bytes, the manifest lists " + e.size() + "; rerun with --overwrite");
                }
                bytes += size;
            }
            if (!found.isEmpty()) {
                String stranger = found.keySet().stream().sorted().findFirst().orElseThrow();
                return new Verdict(State.MIXED, "mixed set in " + out + ": " + stranger + " is not part of the set the"
                        + " manifest lists; rerun with --overwrite");
            }
            return new Verdict(State.WHOLE, "whole set in " + out + ": " + listed.size() + " files, " + bytes + " bytes");
        } catch (IOException e) {
            return new Verdict(State.MIXED, "cannot check " + out + ": " + e.getMessage());
        }
    }

    private static Verdict missing(FileSystem fs, Path out) throws IOException {
        Path root = OutputCommit.rootOf(out);
        if (fs.exists(root)) {
            for (FileStatus s : fs.listStatus(root)) {
                if (s.getPath().getName().startsWith(OutputCommit.REPLACED)) {
                    return new Verdict(State.MISSING, "no set at " + out + ": a commit was interrupted between its"
                            + " renames; the new set is whole in " + root + ", and the next run into " + out
                            + " finishes the commit first");
                }
            }
        }
        return new Verdict(State.MISSING, "no output at " + out);
    }
}
