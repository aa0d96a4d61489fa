package dev.autodidact.rl.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.autodidact.rl.task.Task;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a recipe YAML file into a {@link Recipe}, failing with every problem at once:
 *
 * <ol>
 *   <li>each key is checked against the record shape while the file is parsed, so an unknown or
 *       misspelt key is reported with its line and the closest known key;</li>
 *   <li>keys the file leaves out come from {@code recipe-defaults.yaml} (required keys have no
 *       default and are reported as missing);</li>
 *   <li>{@code --set a.b=c} overrides are applied to that tree, each value converted to the
 *       type of its key (a wrong type names the key and the type);</li>
 *   <li>the tree is mapped onto the records, then the cross-key rules of
 *       {@link Recipe#problems()} and the reward terms ({@link RewardRegistry#slot}, which
 *       refuses label-reading rewards in label-free methods) are checked.</li>
 * </ol>
 */
public final class RecipeLoader {
    static final String DEFAULTS = "recipe-defaults.yaml";

    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build()))
            .build();
    private static final ObjectMapper JSON = configure(JsonMapper.builder()).build();

    private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B configure(B b) {
        return b.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    private RecipeLoader() {}

    /** Loads {@code file} with {@code overrides} ({@code a.b=c} each). */
    public static Recipe load(Path file, List<String> overrides) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), overrides);
    }

    /** Parses recipe text; {@code source} names it in messages. */
    public static Recipe parse(String text, String source, List<String> overrides) {
        Map<String, Integer> lines = new HashMap<>();
        List<String> problems = new ArrayList<>();
        checkKeys(text, source, lines, problems);
        if (!problems.isEmpty()) throw new RecipeException(source, problems);
        JsonNode read;
        try {
            read = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RecipeException(source, List.of(syntax(e)));
        }
        if (read == null || read.isMissingNode() || read.isNull()) throw new RecipeException(source, List.of("the file is empty"));
        if (!read.isObject()) throw new RecipeException(source, List.of("a recipe is a mapping of keys, got " + read.getNodeType().toString().toLowerCase(Locale.ROOT)));
        ObjectNode tree = defaults();
        merge(tree, (ObjectNode) read);
        Map<String, String> fromOverride = new HashMap<>();
        for (String o : overrides) {
            try {
                String key = applyOverride(tree, o);
                fromOverride.put(key, o);
            } catch (IllegalArgumentException e) {
                problems.add("--set " + o + ": " + e.getMessage());
            }
        }
        checkComplete(tree, Recipe.class, "", lines, fromOverride, problems);
        if (!problems.isEmpty()) throw new RecipeException(source, problems);
        Recipe recipe;
        try {
            recipe = YAML.treeToValue(tree, Recipe.class);
        } catch (JsonProcessingException e) {
            throw new RecipeException(source, List.of(mappingProblem(e, lines, fromOverride)));
        }
        problems.addAll(recipe.problems());
        Task task = null;
        try {
            task = TaskRegistry.task(recipe.task().name());
        } catch (IllegalArgumentException e) {
            problems.add(at(lines, fromOverride, "task.name") + e.getMessage());
        }
        if (task != null && problems.isEmpty()) {
            try {
                RewardRegistry.slot(recipe, task, recipe.run().seed());
            } catch (RewardRegistry.TermException e) {
                problems.add(at(lines, fromOverride, "reward.terms[" + e.term() + "]." + e.key()) + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new RecipeException(source, problems);
        return recipe;
    }

    /** The recipe as YAML with every key present (the run directory's {@code config.yaml}); {@link #parse} reads it back to an equal recipe. */
    public static String toYaml(Recipe recipe) {
        try {
            return YAML.writeValueAsString(recipe);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recipe " + recipe.name() + " could not be written as YAML", e);
        }
    }

    /** The recipe as a JSON tree (for summaries and reports). */
    public static JsonNode toJson(Recipe recipe) {
        return JSON.valueToTree(recipe);
    }

    // ---- keys and lines -------------------------------------------------------------------

    /** Walks the parser's tokens beside the record shape, noting each key's line and every unknown key. */
    private static void checkKeys(String text, String source, Map<String, Integer> lines, List<String> problems) {
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) walk(p, Recipe.class, "", lines, problems);
        } catch (JsonProcessingException e) {
            throw new RecipeException(source, List.of(syntax(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void walk(JsonParser p, Type type, String path, Map<String, Integer> lines, List<String> problems) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int line = p.currentTokenLocation().getLineNr();
                String child = path.isEmpty() ? name : path + "." + name;
                // YAML readers keep the last of two equal keys; a recipe that says two things is refused instead.
                if (!seen.add(name)) problems.add("line " + line + ": key '" + child + "' appears twice (first on line " + lines.get(child) + ")");
                lines.putIfAbsent(child, line);
                p.nextToken();
                Type childType = childType(type, name);
                if (childType == null) {
                    if (isRecord(type)) problems.add(unknownKey(line, path, name, (Class<?>) type));
                    p.skipChildren();
                } else {
                    walk(p, childType, child, lines, problems);
                }
            }
        } else if (t == JsonToken.START_ARRAY) {
            Type element = elementType(type);
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                lines.putIfAbsent(path + "[" + i + "]", p.currentTokenLocation().getLineNr());
                if (element == null) p.skipChildren();
                else walk(p, element, path + "[" + i + "]", lines, problems);
                i++;
            }
        }
    }

    /**
     * Every key of the record shape that the merged tree lacks or leaves empty. Mappings
     * ({@code params}) are optional and mean "none".
     */
    private static void checkComplete(JsonNode node, Type type, String path, Map<String, Integer> lines, Map<String, String> fromOverride,
                                      List<String> problems) {
        if (type instanceof Class<?> c && c.isRecord() && node instanceof ObjectNode o) {
            for (RecordComponent rc : c.getRecordComponents()) {
                String key = snake(rc.getName()), child = path.isEmpty() ? key : path + "." + key;
                JsonNode value = o.get(key);
                boolean optional = Map.class.isAssignableFrom(rc.getType());
                if (value == null) {
                    if (!optional) problems.add(at(lines, fromOverride, path) + "missing required key '" + child + "'");
                } else if (value.isNull()) {
                    if (!optional) problems.add(at(lines, fromOverride, child) + "key '" + child + "' has no value");
                } else {
                    checkComplete(value, rc.getGenericType(), child, lines, fromOverride, problems);
                }
            }
        } else if (elementType(type) != null && node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) checkComplete(a.get(i), elementType(type), path + "[" + i + "]", lines, fromOverride, problems);
        }
    }

    private static String unknownKey(int line, String path, String name, Class<?> record) {
        List<String> known = keys(record);
        String where = path.isEmpty() ? "at the top level" : "in '" + path + "'";
        String hint = Suggest.closest(name, known).map(s -> "; did you mean '" + s + "'?").orElse("");
        return "line " + line + ": unknown key '" + name + "' " + where + hint + " (known keys: " + String.join(", ", known) + ")";
    }

    private static boolean isRecord(Type t) {
        return t instanceof Class<?> c && c.isRecord();
    }

    /** The snake_case keys of a record, in component order. */
    static List<String> keys(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(c -> snake(c.getName())).toList();
    }

    /** The type under {@code key} of a record or map type; null when there is no such key. */
    private static Type childType(Type type, String key) {
        if (type instanceof Class<?> c && c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) if (snake(rc.getName()).equals(key)) return rc.getGenericType();
            return null;
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() == Map.class) return pt.getActualTypeArguments()[1];
        return null;
    }

    private static Type elementType(Type type) {
        if (type instanceof ParameterizedType pt && pt.getRawType() == List.class) return pt.getActualTypeArguments()[0];
        return null;
    }

    static String snake(String camel) {
        return PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(camel);
    }

    /** "line N: " for a key of the file, "--set ...: " for an overridden one, "" for a default. */
    private static String at(Map<String, Integer> lines, Map<String, String> fromOverride, String key) {
        if (fromOverride.containsKey(key)) return "--set " + fromOverride.get(key) + ": ";
        String k = key;
        while (!k.isEmpty()) {
            Integer line = lines.get(k);
            if (line != null) return "line " + line + ": ";
            int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
            k = cut < 0 ? "" : k.substring(0, cut);
        }
        return "";
    }

    private static String syntax(JsonProcessingException e) {
        var loc = e.getLocation();
        String msg = e.getOriginalMessage().lines().findFirst().orElse("unreadable YAML");
        return (loc != null && loc.getLineNr() > 0 ? "line " + loc.getLineNr() + ": " : "") + "not valid YAML: " + msg;
    }

    private static String mappingProblem(JsonProcessingException e, Map<String, Integer> lines, Map<String, String> fromOverride) {
        if (!(e instanceof JsonMappingException m)) return syntax(e);
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) path.append('[').append(r.getIndex()).append(']');
        }
        String key = path.toString();
        String where = at(lines, fromOverride, key);
        if (m instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            return where + "'" + key + "': " + cause.getMessage();
        }
        if (m instanceof InvalidFormatException f)
            return where + "'" + key + "' must be " + describe(f.getTargetType()) + ", got '" + f.getValue() + "'";
        if (m instanceof MismatchedInputException mi) {
            String msg = mi.getOriginalMessage();
            if (mi.getTargetType() != null) return where + "'" + key + "' must be " + describe(mi.getTargetType());
        }
        return where + "'" + key + "': " + m.getOriginalMessage().lines().findFirst().orElse("");
    }

    private static String describe(Class<?> type) {
        if (type == null) return "a different type";
        if (type == double.class || type == Double.class || type == float.class) return "a number";
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "a whole number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class) return "text";
        if (type.isEnum()) return "one of " + enumNames(type);
        if (type.isRecord()) return "a mapping with keys " + String.join(", ", keys(type));
        if (List.class.isAssignableFrom(type)) return "a list";
        if (Map.class.isAssignableFrom(type)) return "a mapping";
        return "a " + type.getSimpleName();
    }

    private static String enumNames(Class<?> type) {
        return String.join(", ", Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(Locale.ROOT)).toList());
    }

    // ---- defaults and overrides --------------------------------------------------------------

    private static ObjectNode defaults() {
        try (InputStream in = RecipeLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) throw new IllegalStateException(DEFAULTS + " is missing from the class path beside " + RecipeLoader.class.getName());
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(DEFAULTS + " could not be read", e);
        }
    }

    /** Copies {@code from} into {@code into}: mappings merge key by key, anything else replaces. */
    private static void merge(ObjectNode into, ObjectNode from) {
        from.properties().forEach(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue() instanceof ObjectNode n) merge(o, n);
            else into.set(e.getKey(), e.getValue());
        });
    }

    /**
     * Applies {@code key.path=value}, converting the value to the key's type. Returns the key.
     *
     * @throws IllegalArgumentException naming the key: unknown, or a value of the wrong type
     */
    static String applyOverride(ObjectNode tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("an override is KEY=VALUE with a dotted key, e.g. optimisation.lr=1e-5 or reward.terms[0].weight=0.5");
        String key = override.substring(0, eq).strip(), value = override.substring(eq + 1).strip();
        String[] parts = key.split("\\.");
        Type type = Recipe.class;
        ObjectNode node = tree;
        for (int i = 0; i < parts.length; i++) {
            java.util.regex.Matcher indexed = INDEXED.matcher(parts[i]);
            String part = indexed.matches() ? indexed.group(1) : parts[i];
            String done = String.join(".", Arrays.copyOf(parts, i));
            Type child = childType(type, part);
            if (child == null) {
                if (!isRecord(type)) throw new IllegalArgumentException("'" + done + "' has no keys to set");
                String where = i == 0 ? "at the top level" : "in '" + done + "'";
                List<String> known = keys((Class<?>) type);
                String hint = Suggest.closest(part, known).map(s -> "; did you mean '" + s + "'?").orElse("");
                throw new IllegalArgumentException("unknown key '" + part + "' " + where + hint + " (known keys: " + String.join(", ", known) + ")");
            }
            boolean last = i == parts.length - 1;
            if (indexed.matches()) {
                String list = (done.isEmpty() ? "" : done + ".") + part;
                Type element = elementType(child);
                if (element == null) throw new IllegalArgumentException("'" + list + "' is not a list, so it has no [" + indexed.group(2) + "]");
                int index = Integer.parseInt(indexed.group(2));
                JsonNode arr = node.get(part);
                int size = arr instanceof ArrayNode a ? a.size() : 0;
                if (index >= size)
                    throw new IllegalArgumentException("'" + list + "' has " + size + (size == 1 ? " element" : " elements") + ", so [" + index + "] does not exist;"
                            + " set the whole list instead, e.g. " + list + "=[...]");
                if (last) {
                    ((ArrayNode) arr).set(index, convert(key, element, value));
                } else {
                    if (!(arr.get(index) instanceof ObjectNode o)) throw new IllegalArgumentException("'" + list + "[" + index + "]' is not a mapping");
                    node = o;
                    type = element;
                }
            } else if (last) {
                node.set(part, convert(key, child, value));
            } else {
                JsonNode next = node.get(part);
                node = next instanceof ObjectNode o ? o : node.putObject(part);
                type = child;
            }
        }
        return key;
    }

    private static final java.util.regex.Pattern INDEXED = java.util.regex.Pattern.compile("([A-Za-z0-9_]+)\\[(\\d+)]");

    private static JsonNode convert(String key, Type type, String value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Class<?> raw = type instanceof Class<?> c ? c : (Class<?>) ((ParameterizedType) type).getRawType();
        try {
            if (raw == double.class || raw == Double.class) {
                double d = Double.parseDouble(value);
                return f.numberNode(d);
            }
            if (raw == int.class || raw == Integer.class) return f.numberNode(Integer.parseInt(value));
            if (raw == long.class || raw == Long.class) return f.numberNode(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is " + describe(raw) + ", and '" + value + "' is not");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (value.equalsIgnoreCase("true")) return f.booleanNode(true);
            if (value.equalsIgnoreCase("false")) return f.booleanNode(false);
            throw new IllegalArgumentException("'" + key + "' is true or false, and '" + value + "' is neither");
        }
        if (raw == String.class) return f.textNode(value);
        if (raw.isEnum()) {
            for (Object c : raw.getEnumConstants())
                if (c.toString().equalsIgnoreCase(value)) return f.textNode(c.toString().toLowerCase(Locale.ROOT));
            throw new IllegalArgumentException("'" + key + "' is one of " + enumNames(raw) + ", and '" + value + "' is not");
        }
        // lists and mappings: a YAML flow value, e.g. [test, ood] or {probability: 0.3}
        try {
            JsonNode n = YAML.readTree(value);
            if (List.class.isAssignableFrom(raw) && !(n instanceof ArrayNode))
                throw new IllegalArgumentException("'" + key + "' is a list, written [a, b], and '" + value + "' is not one");
            if ((Map.class.isAssignableFrom(raw) || raw.isRecord()) && !(n instanceof ObjectNode))
                throw new IllegalArgumentException("'" + key + "' is a mapping, written {a: 1}, and '" + value + "' is not one");
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'" + key + "': '" + value + "' is not a YAML value: " + e.getOriginalMessage());
        }
    }

    /** Keys of the record shape, dotted, for documentation and tests. */
    static Map<String, Type> schema() {
        Map<String, Type> out = new LinkedHashMap<>();
        collect(Recipe.class, "", out);
        return out;
    }

    private static void collect(Class<?> record, String prefix, Map<String, Type> out) {
        for (RecordComponent rc : record.getRecordComponents()) {
            String key = prefix + snake(rc.getName());
            out.put(key, rc.getGenericType());
            if (rc.getType().isRecord()) collect(rc.getType(), key + ".", out);
        }
    }
}
