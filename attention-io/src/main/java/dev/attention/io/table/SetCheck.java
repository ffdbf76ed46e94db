package dev.attention.io.table;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Says whether an output folder holds one whole set: its {@link SetManifest} is present, every file
 * it lists has the listed size and sum (CRC-32C; SHA-256 in older manifests), and no other file is there.
 */
public final class SetCheck {
    /** The verdict: {@code whole}, and one line saying what was found. */
    public record Verdict(boolean whole, String message) {
    }

    private SetCheck() {
    }

    public static Verdict check(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        try {
            if (!Files.exists(target)) {
                return missing(target);
            }
            if (!Files.isDirectory(target)) {
                return new Verdict(false, target + " is not a folder");
            }
            List<SetManifest.Entry> entries;
            try {
                entries = SetManifest.read(target);
            } catch (NoSuchFileException e) {
                return new Verdict(false, target + " has no manifest (" + SetManifest.NAME + "): written by an earlier"
                        + " version, by hand or cut short, so whether its files belong together is unknown;"
                        + " rerun to write a whole set");
            } catch (IOException e) {
                return new Verdict(false, "incomplete set in " + target + ": " + e.getMessage() + "; rerun to write it again");
            }
            Set<String> listed = new HashSet<>();
            for (SetManifest.Entry e : entries) {
                listed.add(e.name());
                Path f = target.resolve(e.name());
                if (!Files.isRegularFile(f)) {
                    return new Verdict(false, "incomplete set in " + target + ": " + e.name() + " is missing; rerun");
                }
                if (Files.size(f) != e.size() || !e.kind().of(f).equals(e.sum())) {
                    return new Verdict(false, "mixed or damaged set in " + target + ": " + e.name()
                            + " is not the file the manifest lists (size or " + (e.kind() == SetManifest.Sum.SHA256
                            ? "SHA-256" : "CRC-32C") + " differs); rerun");
                }
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(target)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (!name.equals(SetManifest.NAME) && !listed.contains(name)) {
                        return new Verdict(false, "mixed set in " + target + ": " + name
                                + " is not part of the set the manifest lists; rerun");
                    }
                }
            }
            List<String> names = entries.stream().map(SetManifest.Entry::name).toList();
            return new Verdict(true, "whole set in " + target + ": " + String.join(", ", names));
        } catch (IOException e) {
            return new Verdict(false, "cannot check " + target + ": " + e.getMessage());
        }
    }

    /** No {@code DIR}: nothing written yet, or a migration stopped between its rename and its link. */
    private static Verdict missing(Path target) throws IOException {
        Path root = Generations.folderOf(target);
        if (Files.isDirectory(root)) {
            List<Path> gens = new ArrayList<>();
            try (Stream<Path> s = Files.list(root)) {
                s.filter(p -> Files.isRegularFile(p.resolve(SetManifest.NAME))).forEach(gens::add);
            }
            if (!gens.isEmpty()) {
                return new Verdict(false, "no set at " + target + " (a commit was interrupted); the last written set is in "
                        + gens.get(gens.size() - 1) + " and the next run into " + target + " replaces it");
            }
        }
        return new Verdict(false, "no output at " + target);
    }
}
