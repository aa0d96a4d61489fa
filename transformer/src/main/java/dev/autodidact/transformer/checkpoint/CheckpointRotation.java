package dev.autodidact.transformer.checkpoint;

import dev.autodidact.transformer.checkpoint.Checkpoint;
import dev.autodidact.transformer.checkpoint.Durable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoints of a run: {@code step-NNNNNNNN} directories written with the transformer's
 * atomic {@link Checkpoint#save}, of which only the newest {@code keepLast} are kept. A new
 * checkpoint is in place before any old one is deleted, so a crash never leaves fewer than one.
 */
public final class CheckpointRotation {
    private static final Pattern NAME = Pattern.compile("step-(\\d+)");

    private final Path dir;
    private final int keepLast;

    public CheckpointRotation(Path dir, int keepLast) {
        if (keepLast < 1) throw new IllegalArgumentException("checkpoints: keep_last must be at least 1, got " + keepLast);
        this.dir = dir;
        this.keepLast = keepLast;
    }

    /** The directory name of the checkpoint at {@code step}. */
    public static String name(long step) {
        return String.format("step-%08d", step);
    }

    /** Saves {@code checkpoint} as step {@code step}, then deletes all but the newest {@code keepLast}. Returns its directory. */
    public Path save(long step, Checkpoint checkpoint) throws IOException {
        if (checkpoint.trainer().isPresent() && checkpoint.trainer().get().step() != step)
            throw new IllegalArgumentException("checkpoint for step " + step + " carries trainer state of step " + checkpoint.trainer().get().step());
        Files.createDirectories(dir);
        Path target = dir.resolve(name(step));
        checkpoint.save(target);
        List<Path> all = checkpoints();
        for (int i = 0; i < all.size() - keepLast; i++) Durable.deleteRecursively(all.get(i));
        return target;
    }

    /** The visible {@code step-N} directories, oldest step first. */
    public List<Path> checkpoints() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (var s = Files.list(dir)) {
            s.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches()).forEach(out::add);
        }
        out.sort(Comparator.comparingLong(CheckpointRotation::stepOf));
        return out;
    }

    /** The checkpoint to resume from ({@link Checkpoint#latest}: the highest trainer step), tidying an interrupted save first. */
    public Optional<Path> latest() throws IOException {
        if (!Files.isDirectory(dir)) return Optional.empty();
        // An interrupted save leaves hidden siblings (.step-N.partial-*, .step-N.old-*): recovering
        // step-N deletes a partial one and, if step-N itself is missing, puts the old one back.
        java.util.Set<String> interrupted = new java.util.TreeSet<>();
        try (var s = Files.list(dir)) {
            s.map(p -> LEFTOVER.matcher(p.getFileName().toString())).filter(Matcher::matches).forEach(m -> interrupted.add(m.group(1)));
        }
        for (String name : interrupted) Checkpoint.recover(dir.resolve(name));
        return Checkpoint.latest(dir);
    }

    private static final Pattern LEFTOVER = Pattern.compile("\\.(step-\\d+)\\.(partial|old)-.*");

    static long stepOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException(p + " is not a step-N checkpoint directory");
        return Long.parseLong(m.group(1));
    }
}
