package dev.attention.spark;

import dev.attention.api.AttentionException;
import dev.attention.io.table.CommitSteps;
import dev.attention.io.table.LinkSwitch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a Spark output folder {@code OUTPUT} as one set (decision "Spark outputs committed as
 * generations"). The job writes into a fresh generation {@code .OUTPUT.gen/<n>/} beside OUTPUT, the
 * driver then writes an {@link OutputManifest} into it, and the set is switched in:
 * <ul>
 * <li>with symbolic links (the local file system): OUTPUT is a link, replaced by one rename of a new
 * link to the generation, as the command line commits its outputs;
 * <li>without (HDFS, object stores): the old OUTPUT is renamed to {@code .OUTPUT.gen/replaced-<n>}
 * (an empty folder of that name when there is none: the commit point, from which a later run rolls
 * forward) and the generation is renamed to OUTPUT. On HDFS OUTPUT is absent between the two
 * renames, never mixed; where rename is a copy (S3) a reader may see part of a set meanwhile, and
 * {@link #recover()} puts a whole one back.
 * </ul>
 * Every commit first finishes or discards what an interrupted one left ({@link #recover()}), and
 * removes old generations after its switch. One writer per OUTPUT at a time, as with Spark's own
 * overwrite.
 */
final class OutputCommit {
    /** Writes the set into {@code generation}, a qualified path that does not exist yet (a Spark job). */
    @FunctionalInterface
    interface Body {
        void writeInto(String generation) throws IOException;
    }

    /** Told after every file-system operation of a commit; a test throws an Error from it as a crash. */
    @FunctionalInterface
    interface Steps extends CommitSteps.Hook {
        Steps NONE = step -> { };
    }

    /** What OUTPUT is before the commit. */
    enum Found { NOTHING, LINK, FOLDER }

    private static final Logger LOG = LoggerFactory.getLogger(OutputCommit.class);
    static final String REPLACED = "replaced-";

    private final FileSystem fs;
    private final Path out;
    private final Path root;
    private final boolean links;
    private final Steps steps;

    OutputCommit(FileSystem fs, Path output, boolean links, Steps steps) {
        this.fs = fs;
        this.out = qualified(fs, output);
        if (out.getParent() == null) {
            throw new IllegalArgumentException("the output cannot be the root of a file system; name a folder");
        }
        this.root = rootOf(out);
        this.links = links;
        this.steps = steps;
    }

    /** The commit for OUTPUT as Spark resolves it; links where the file system is the local one. */
    static OutputCommit of(Configuration conf, String output) {
        try {
            Path p = new Path(output);
            FileSystem fs = p.getFileSystem(conf);
            return new OutputCommit(fs, p, "file".equals(fs.getScheme()), Steps.NONE);
        } catch (IOException e) {
            throw new AttentionException("cannot open the file system of " + output + ": " + e.getMessage(), e);
        }
    }

    /** {@code p} with scheme and authority, without a trailing slash (a folder's URI has one). */
    static Path qualified(FileSystem fs, Path p) {
        return new Path(fs.makeQualified(p).toString());
    }

    static Path rootOf(Path out) {
        return new Path(out.getParent(), "." + out.getName() + ".gen");
    }

    Path output() {
        return out;
    }

    FileSystem fileSystem() {
        return fs;
    }

    /**
     * Writes a new set with {@code body} and switches OUTPUT to it.
     *
     * @throws IllegalArgumentException when OUTPUT exists and {@code overwrite} is false, or is not an output
     * @throws AttentionException when the file system fails
     */
    void commit(boolean overwrite, Body body) {
        try {
            recover();
            Found found = inspect();
            if (found != Found.NOTHING && !overwrite) {
                throw new IllegalArgumentException(out + " exists; pass --overwrite to replace it (the new set replaces"
                        + " the old one whole) or name another OUTPUT");
            }
            fs.mkdirs(root);
            steps.after("create " + root.getName());
            Path gen = new Path(root, Long.toString(next()));
            try {
                body.writeInto(gen.toString());
                steps.after("write generation " + gen.getName());
                OutputManifest.write(fs, gen, OutputManifest.describe(fs, gen), steps);
            } catch (Exception e) {
                // The job failed (Spark's own exceptions are checked ones, thrown undeclared): OUTPUT is untouched; the unfinished generation goes now (else next run).
                tidyQuietly();
                throw e;
            }
            Path replaced = new Path(root, REPLACED + gen.getName());
            if (found == Found.FOLDER) {
                rename(out, replaced);
            } else if (!links) {
                // Nothing to move away, but the commit point must be on disk: rename may be a copy.
                fs.mkdirs(replaced);
                steps.after("mark " + replaced.getName());
            }
            if (links) {
                switchLink(gen);
            } else {
                rename(gen, out);
            }
            removeAllBut(links ? gen : null);
        } catch (IOException e) {
            throw new AttentionException("cannot commit the output " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * Finishes a switch an interrupted commit began (rolls forward past the commit point, else back),
     * then removes generations no link or OUTPUT uses.
     */
    void recover() throws IOException {
        Path current = linkTarget();
        if (!fs.exists(root)) {
            return;
        }
        for (FileStatus s : fs.listStatus(root)) {
            String name = s.getPath().getName();
            if (!name.startsWith(REPLACED)) {
                continue;
            }
            Path gen = new Path(root, name.substring(REPLACED.length()));
            if (gen.equals(current)) {
                continue; // switched already; only the removal of the old set was left
            }
            if (fs.exists(gen) && OutputManifest.matches(fs, gen)) {
                LOG.info("{}: finishing an interrupted commit of generation {}", out, gen.getName());
                if (links) {
                    switchLink(gen);
                    current = gen;
                } else {
                    if (fs.exists(out)) {
                        // An object store's rename is a copy: what a crash left of it at OUTPUT goes.
                        delete(out);
                    }
                    rename(gen, out);
                }
            } else if (exists(out) && (links ? current != null : OutputManifest.matches(fs, out))) {
                continue; // switched already
            } else {
                // Only where rename is a copy cut short: neither set is whole at OUTPUT; the old one is back.
                LOG.info("{}: undoing an interrupted commit", out);
                if (exists(out)) {
                    delete(out);
                }
                if (fs.listStatus(s.getPath()).length > 0) {
                    rename(s.getPath(), out);
                }
            }
        }
        removeAllBut(current);
    }

    /** What OUTPUT is, refusing what is not an output of this writer. */
    Found inspect() throws IOException {
        if (linkTarget() != null) {
            return Found.LINK;
        }
        if (!exists(out)) {
            return Found.NOTHING;
        }
        FileStatus st = fs.getFileStatus(out);
        if (!st.isDirectory()) {
            throw new IllegalArgumentException(out + " is a file, not a folder; name a folder for the output or remove"
                    + " the file");
        }
        List<String> strangers = new ArrayList<>();
        for (FileStatus s : fs.listStatus(out)) {
            if (!sparks(s.getPath().getName(), s.isDirectory())) {
                strangers.add(s.getPath().getName());
            }
        }
        if (!strangers.isEmpty()) {
            strangers.sort(null);
            throw new IllegalArgumentException(out + " is a folder holding files Spark did not write ("
                    + String.join(", ", strangers.subList(0, Math.min(3, strangers.size())))
                    + (strangers.size() > 3 ? ", ..." : "") + "); the output replaces its folder whole, so name a new"
                    + " folder or move those files away");
        }
        return Found.FOLDER;
    }

    /** A name Spark's writer (or this commit) leaves in an output folder. */
    private static boolean sparks(String name, boolean dir) {
        if (dir) {
            return name.equals("_temporary");
        }
        return name.startsWith("part-") || name.equals("_SUCCESS") || OutputManifest.ignored(name);
    }

    /** The generation OUTPUT links to, or null when it is no link; refuses a link to elsewhere. */
    private Path linkTarget() throws IOException {
        if (!links) {
            return null;
        }
        java.nio.file.Path target = local(out);
        if (!Files.isSymbolicLink(target)) {
            return null;
        }
        java.nio.file.Path to = target.resolveSibling(Files.readSymbolicLink(target)).normalize();
        if (!local(root).equals(to.getParent())) {
            throw new IllegalArgumentException(out + " is a symbolic link to " + to + ", not an output set of"
                    + " attention-spark's; name another OUTPUT or remove the link");
        }
        return new Path(root, to.getFileName().toString());
    }

    /** Points OUTPUT at {@code gen}, as the CLI's commit does. */
    private void switchLink(Path gen) throws IOException {
        LinkSwitch.switchTo(local(out), local(gen), steps);
    }

    /** Removes every entry of the generations folder but {@code keep}, and links a switch left behind. */
    private void removeAllBut(Path keep) throws IOException {
        if (fs.exists(root)) {
            for (FileStatus s : fs.listStatus(root)) {
                if (!s.getPath().equals(keep)) {
                    delete(s.getPath());
                }
            }
            if (keep == null) {
                delete(root);
            }
        }
        if (links) {
            String prefix = "." + out.getName() + ".";
            try (var s = Files.list(local(out.getParent()))) {
                for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) s::iterator) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(prefix) && n.endsWith(".link") && Files.isSymbolicLink(p)) {
                        Files.delete(p);
                        steps.after("remove " + n);
                    }
                }
            }
        }
    }

    private long next() throws IOException {
        long max = 0;
        for (FileStatus s : fs.listStatus(root)) {
            String n = s.getPath().getName();
            try {
                max = Math.max(max, Long.parseLong(n.startsWith(REPLACED) ? n.substring(REPLACED.length()) : n));
            } catch (NumberFormatException notOurs) {
                // removed by the next removeAllBut
            }
        }
        return max + 1;
    }

    /** Whether OUTPUT (a link, even a dangling one, or anything else) is there. */
    private boolean exists(Path p) throws IOException {
        if (links && Files.exists(local(p), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        return fs.exists(p);
    }

    private void rename(Path from, Path to) throws IOException {
        // Hadoop's rename moves into an existing folder; the callers make sure 'to' is absent.
        if (!fs.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
        steps.after("rename " + from.getName() + " to " + to.getName());
    }

    private void delete(Path p) throws IOException {
        fs.delete(p, true);
        steps.after("remove " + p.getName());
    }

    /** After a failed job: its unfinished generation goes, the committed set stays. */
    private void tidyQuietly() {
        try {
            removeAllBut(linkTarget());
        } catch (IOException e) {
            LOG.warn("{}: an unfinished generation stays until the next run: {}", out, e.getMessage());
        }
    }

    private java.nio.file.Path local(Path p) {
        return Paths.get(fs.makeQualified(p).toUri());
    }
}
