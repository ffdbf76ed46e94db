package dev.attention.io.table;

import dev.attention.io.util.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a set of files as one generation, the way table formats commit: the files of output
 * folder {@code DIR} go into a fresh folder {@code .DIR.gen/<n>/} beside it, a
 * {@link SetManifest} (names, sizes, CRC-32C) is written last inside it, and then {@code DIR}, a
 * symbolic link to {@code .DIR.gen/<n>}, is switched to it by one rename of a new link over the
 * old one. A reader of {@code DIR/output.csv} thus sees the old set or the new one, never a mix, at
 * any instant, and files the new set does not have are gone with the old generation, which is
 * removed after the switch (as are generations left unfinished by a crash, at the next commit).
 *
 * <p>An existing plain folder {@code DIR} holding only files attention writes (an earlier version's
 * output) is migrated: it becomes a generation with a manifest of its files and {@code DIR} becomes
 * the link. A plain folder holding anything else is refused: it is the user's, and writing beside
 * their files could neither keep them nor give readers a whole set.
 *
 * <p>Durable against power loss, not only against a killed process: every file is forced to the disk
 * as it is closed ({@link DurableFiles}), and the generation and its parent folder are synced
 * before the link is switched, so the switch can never expose an empty or missing file; the
 * folder holding {@code DIR} is synced after it, so the new set is the one found after a restart.
 *
 * <p>Commits into one {@code DIR} are serialized by a lock file in {@code .DIR.gen}; a JVM stopped
 * by SIGTERM or SIGINT removes its unfinished generation in a shutdown hook (a kill leaves it for
 * the next commit to remove).
 */
public final class Generations {
    /** Writes the files of the set into the (empty, not yet visible) generation folder. */
    @FunctionalInterface
    public interface Body {
        void writeInto(Path generation) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Generations.class);
    private static final String LOCK = ".lock";
    private static final Set<Pending> OPEN = ConcurrentHashMap.newKeySet();
    /** One monitor per generations folder: a {@link FileLock} is per JVM, not per thread. */
    private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Pending::abort),
                "attention-generations-cleanup"));
    }

    private Generations() {
    }

    /** The folder holding the generations of output folder {@code dir}: {@code .DIR.gen} beside it. */
    public static Path folderOf(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        return target.resolveSibling("." + target.getFileName() + ".gen");
    }

    /**
     * Commits the files {@code names}, written by {@code body}, as the new set of {@code dir}.
     *
     * @param own names an earlier version of attention may have left in a plain folder {@code dir},
     *            which is then migrated (the new set's names count as own too)
     * @return the files, as paths through {@code dir} as given
     */
    public static List<Path> commit(Path dir, List<String> names, Set<String> own, Body body) throws IOException {
        for (String name : names) {
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("\n")
                    || name.startsWith(SetManifest.NAME)) {
                throw new IllegalArgumentException("not a plain output file name: '" + name + "'");
            }
        }
        Path target = dir.toAbsolutePath().normalize();
        if (target.getParent() == null) {
            throw new IOException("the output folder cannot be the root of the file system; name a folder");
        }
        Path root = folderOf(target);
        Files.createDirectories(root);
        CommitSteps.step("create " + root.getFileName());
        synchronized (MONITORS.computeIfAbsent(root, k -> new Object())) {
            try (FileChannel ch = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = ch.lock()) {
                return commitLocked(dir, target, root, names, own, body);
            }
        }
    }

    private static List<Path> commitLocked(Path dir, Path target, Path root, List<String> names, Set<String> own, Body body)
            throws IOException {
        if (Files.isSymbolicLink(target)) {
            Path to = target.resolveSibling(Files.readSymbolicLink(target)).normalize();
            if (!root.equals(to.getParent())) {
                throw new IOException(target + " is a symbolic link to " + to + ", not an output set of attention's;"
                        + " name another output folder or remove the link");
            }
        } else if (Files.isDirectory(target)) {
            migrate(target, root, names, own);
        } else if (Files.exists(target)) {
            throw new IOException(target + " is a file, not a folder; name a folder for the outputs");
        }
        Path current = linked(target);
        removeAllBut(target, root, current);
        Path gen = root.resolve(Long.toString(next(root)));
        Files.createDirectory(gen);
        CommitSteps.step("create generation " + gen.getFileName());
        Pending pending = new Pending(target, gen);
        OPEN.add(pending);
        try {
            body.writeInto(gen);
            SetManifest.write(gen, SetManifest.describe(gen, names));
            CommitSteps.step("write manifest");
            // Each file forced itself when closed; the names in the generation and the generation's
            // own name must be on the disk too before the link points at them.
            sync(gen, "generation");
            sync(root, "generations folder");
            pending.switchLink();
            sync(target.getParent(), "output's parent folder");
        } catch (CommitSteps.Crash crash) {
            // The process "died": leave everything as a kill would.
            throw crash;
        } catch (IOException | RuntimeException | Error e) {
            pending.abort();
            throw e;
        } finally {
            OPEN.remove(pending);
        }
        try {
            removeAllBut(target, root, gen);
        } catch (IOException e) {
            // Committed already; what is left (a file held open on Windows) goes at the next commit.
            LOG.warn("{}: committed, but an older generation could not be removed yet: {}", target, e.getMessage());
        }
        List<Path> out = new ArrayList<>();
        for (String name : names) {
            out.add(dir.resolve(name));
        }
        return out;
    }

    /**
     * Turns a plain folder of attention's files into a generation and {@code target} into a link to
     * it. Between the rename and the new link {@code target} is briefly absent (a folder cannot be
     * replaced by a link in one rename); the old set is whole in its generation all the while.
     */
    private static void migrate(Path target, Path root, List<String> names, Set<String> own) throws IOException {
        List<String> kept = new ArrayList<>();
        List<String> strangers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                boolean regular = Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (regular && isLeftover(name)) {
                    continue;
                }
                if (regular && (own.contains(name) || names.contains(name))) {
                    kept.add(name);
                } else {
                    strangers.add(name);
                }
            }
        }
        if (!strangers.isEmpty()) {
            strangers.sort(null);
            throw new IOException(target + " is a folder holding files attention did not write ("
                    + String.join(", ", strangers.subList(0, Math.min(3, strangers.size())))
                    + (strangers.size() > 3 ? ", ..." : "") + "); attention owns its output folder whole, so name"
                    + " a new or empty folder, or move those files away");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            for (Path p : entries) {
                if (isLeftover(p.getFileName().toString())) {
                    Files.delete(p);
                    CommitSteps.step("delete leftover " + p.getFileName());
                }
            }
        }
        if (kept.isEmpty()) {
            Files.delete(target);
            CommitSteps.step("remove empty folder");
            return;
        }
        kept.sort(null);
        SetManifest.write(target, SetManifest.describe(target, kept));
        CommitSteps.step("write manifest of the earlier folder");
        Path gen = root.resolve(Long.toString(next(root)));
        Files.move(target, gen, StandardCopyOption.ATOMIC_MOVE);
        CommitSteps.step("move earlier folder to generation " + gen.getFileName());
        sync(root, "generations folder");
        LinkSwitch.switchTo(target, gen, CommitSteps::step);
        sync(target.getParent(), "output's parent folder");
    }

    /** Forces a folder's entries to the disk (where the OS allows), a step of its own for the crash tests. */
    private static void sync(Path folder, String what) throws IOException {
        if (!DurableFiles.syncFolder(folder)) {
            LOG.debug("{}: this file system does not sync folders; relying on its own ordering", folder);
        }
        CommitSteps.step("sync " + what);
    }

    /** Temporaries of the file-by-file writer of earlier versions, and a manifest's temporary. */
    private static boolean isLeftover(String name) {
        return name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(".bak")) || name.equals(SetManifest.NAME);
    }

    /** The generation {@code target} links to, if it is a link. */
    private static Path linked(Path target) throws IOException {
        return Files.isSymbolicLink(target) ? target.resolveSibling(Files.readSymbolicLink(target)).normalize() : null;
    }

    private static long next(Path root) throws IOException {
        long max = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    max = Math.max(max, Long.parseLong(p.getFileName().toString()));
                } catch (NumberFormatException notAGeneration) {
                    // the lock file
                }
            }
        }
        return max + 1;
    }

    /** Removes every generation but {@code keep} (null: all), and links left by an interrupted switch. */
    private static void removeAllBut(Path target, Path root, Path keep) throws IOException {
        List<Path> doomed = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> !p.getFileName().toString().equals(LOCK) && !p.equals(keep)).forEach(doomed::add);
        }
        String prefix = "." + target.getFileName() + ".";
        try (Stream<Path> s = Files.list(target.getParent())) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".link") && Files.isSymbolicLink(p);
            }).forEach(doomed::add);
        }
        for (Path p : doomed) {
            deleteTree(p);
            CommitSteps.step("remove " + p.getFileName());
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(q);
                }
            }
        } else {
            Files.deleteIfExists(p);
        }
    }

    /**
     * A generation being written. Its switch and its abort are synchronized, so the shutdown hook
     * never removes a generation the link already points at.
     */
    private static final class Pending {
        private final Path target;
        private final Path gen;
        private boolean switched;
        private boolean aborted;

        Pending(Path target, Path gen) {
            this.target = target;
            this.gen = gen;
        }

        synchronized void switchLink() throws IOException {
            if (aborted) {
                throw new IOException("write aborted: the JVM is shutting down");
            }
            LinkSwitch.switchTo(target, gen, CommitSteps::step);
            switched = true;
        }

        /** Removes the unfinished generation, best effort: it runs on a failure or at JVM exit. */
        synchronized void abort() {
            aborted = true;
            if (!switched) {
                try {
                    deleteTree(gen);
                } catch (IOException ignored) {
                    // Left for the next commit to remove; the original error is reported.
                }
            }
        }
    }
}
