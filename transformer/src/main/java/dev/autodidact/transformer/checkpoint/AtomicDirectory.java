package dev.autodidact.transformer.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A directory that appears whole or not at all. Its files are written into a hidden sibling
 * ({@code .NAME.partial-*}), forced to the disk, and the sibling is renamed to {@code NAME}; an
 * existing {@code NAME} is first renamed aside ({@code .NAME.old-*}) and deleted only after the
 * new one is in place. Renames within one directory are atomic on POSIX file systems, so after a
 * crash {@code NAME} holds the old contents or the new, never a mixture.
 */
final class AtomicDirectory {
    private AtomicDirectory() {}

    /** Writes the files of a directory into {@code temp}, calling {@code hook} after each. */
    @FunctionalInterface
    interface Contents {
        void writeInto(Path temp, Hook hook) throws IOException;
    }

    /** A point of {@link #write} where tests inject failures (or copy the file system, to see what a crash would leave). */
    @FunctionalInterface
    interface Hook {
        Hook NONE = step -> {};

        /** Called after each file is written (with its name), then with "synced", "moved-aside" (when there was an old directory) and "renamed". */
        void reached(String step) throws IOException;
    }

    static void write(Path dir, Contents contents, Hook hook) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        recover(target);
        refuseToReplaceForeign(target);
        String base = target.getFileName().toString();
        Path temp = Files.createTempDirectory(parent, "." + base + ".partial-");
        Path aside = null;
        boolean inPlace = false;
        try {
            contents.writeInto(temp, hook);
            Durable.syncDirectory(temp);
            hook.reached("synced");
            if (Files.exists(target)) {
                aside = freshSibling(parent, "." + base + ".old-");
                Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
                hook.reached("moved-aside");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            inPlace = true;
            Durable.syncDirectory(parent);
            hook.reached("renamed");
        } catch (IOException | RuntimeException | Error e) {
            if (!inPlace) {
                try {
                    Durable.deleteRecursively(temp);
                    if (aside != null && !Files.exists(target)) Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        if (aside != null) {
            try {
                Durable.deleteRecursively(aside);
            } catch (IOException e) {
                throw new IOException(target + " was written, but its previous contents, moved to " + aside + ", could not be deleted", e);
            }
        }
    }

    /**
     * Replacing a directory deletes it, so only one that looks like an earlier write is replaced:
     * empty, or plain files including a config.json. Saving to a run directory by mistake must not
     * delete the run.
     */
    private static void refuseToReplaceForeign(Path target) throws IOException {
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        String why = null;
        if (!Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) why = "it is not a directory";
        else {
            try (Stream<Path> s = Files.list(target)) {
                List<Path> entries = s.toList();
                if (entries.stream().anyMatch(p -> !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))) why = "it holds subdirectories or links";
                else if (!entries.isEmpty() && !Files.exists(target.resolve("config.json"))) why = "it has no config.json";
            }
        }
        if (why != null) throw new java.nio.file.FileAlreadyExistsException(target.toString(), null, "exists and does not look like a checkpoint (" + why + "); refusing to replace it");
    }

    private static Path freshSibling(Path parent, String prefix) {
        while (true) {
            Path p = parent.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            if (!Files.exists(p)) return p;
        }
    }

    /**
     * Tidies what an interrupted {@link #write} of {@code dir} left beside it: partial directories
     * are deleted; an old directory moved aside is moved back when {@code dir} is missing (the
     * newest, if several) and deleted otherwise. Returns whether it moved one back.
     */
    static boolean recover(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) return false;
        String base = target.getFileName().toString();
        for (Path p : siblings(parent, "." + base + ".partial-")) Durable.deleteRecursively(p);
        List<Path> old = siblings(parent, "." + base + ".old-");
        boolean restored = false;
        if (!Files.exists(target) && !old.isEmpty()) {
            old.sort(Comparator.comparing(AtomicDirectory::modified).reversed());
            Files.move(old.removeFirst(), target, StandardCopyOption.ATOMIC_MOVE);
            Durable.syncDirectory(parent);
            restored = true;
        }
        for (Path p : old) Durable.deleteRecursively(p);
        return restored;
    }

    /** Whether an interrupted write left {@code dir}'s previous contents aside, for {@link #recover}. */
    static boolean hasAside(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        return parent != null && Files.isDirectory(parent) && !siblings(parent, "." + target.getFileName() + ".old-").isEmpty();
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static List<Path> siblings(Path parent, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList());
        }
    }
}
