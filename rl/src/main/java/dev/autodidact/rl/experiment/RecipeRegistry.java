package dev.autodidact.rl.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recipes shipped on the class path. An index resource lists one recipe YAML resource per
 * line (blank lines and {@code #} comments ignored), relative to the index; each recipe is
 * loaded strictly, so a broken shipped recipe fails {@code autodidact list}, naming it.
 */
public final class RecipeRegistry {
    /** The index of the recipes shipped with the rl module. */
    public static final String BUILT_IN_INDEX = "dev/autodidact/rl/recipes/index.txt";

    private final ClassLoader loader;
    private final String index;

    /** One shipped recipe: its name, its paper's title, and the resource it is read from. */
    public record Listing(String name, String paper, String resource, Recipe recipe) {}

    public RecipeRegistry(ClassLoader loader, String index) {
        this.loader = loader;
        this.index = index;
    }

    public static RecipeRegistry builtIn() {
        return new RecipeRegistry(RecipeRegistry.class.getClassLoader(), BUILT_IN_INDEX);
    }

    /** Every listed recipe, in index order; empty when none are installed. */
    public List<Listing> recipes() {
        List<Listing> out = new ArrayList<>();
        String base = index.contains("/") ? index.substring(0, index.lastIndexOf('/') + 1) : "";
        for (String line : read(index).orElse("").lines().toList()) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) continue;
            String resource = base + entry;
            String text = read(resource).orElseThrow(() -> new IllegalStateException(index + " lists " + entry + ", but " + resource + " is not on the class path"));
            Recipe r = RecipeLoader.parse(text, resource, List.of());
            out.add(new Listing(r.name(), r.paper(), resource, r));
        }
        return out;
    }

    /**
     * The recipe {@code nameOrFile}: a YAML file when one exists at that path, else the shipped
     * recipe of that name, with {@code overrides} applied.
     */
    public Recipe load(String nameOrFile, List<String> overrides) throws IOException {
        Path file = Path.of(nameOrFile);
        if (Files.isRegularFile(file)) return RecipeLoader.load(file, overrides);
        List<Listing> all = recipes();
        for (Listing l : all) if (l.name().equals(nameOrFile)) return RecipeLoader.parse(read(l.resource()).orElseThrow(), l.resource(), overrides);
        String installed = all.isEmpty() ? "no recipes are installed yet" : "installed: " + String.join(", ", all.stream().map(Listing::name).toList());
        String hint = Suggest.closest(nameOrFile, all.stream().map(Listing::name).toList()).map(s -> "; did you mean '" + s + "'?").orElse("");
        throw new java.nio.file.NoSuchFileException(nameOrFile, null, "no recipe file at this path and no shipped recipe of this name" + hint + " (" + installed + ")");
    }

    private Optional<String> read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(resource + " could not be read", e);
        }
    }
}
