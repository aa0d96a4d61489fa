package dev.autodidact.transformer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.tokenizer.TokenizerFormatException;
import dev.autodidact.tokenizer.TokenizerJson;
import dev.autodidact.transformer.ModelConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * HuggingFace model directories (config.json, model.safetensors or a sharded
 * model.safetensors.index.json, tokenizer.json) read into our names and written from them.
 * Tensors are converted one at a time from the memory-mapped files, so importing needs about
 * the model's F32 size of heap.
 */
public final class HfCheckpoint {
    public static final String CONFIG_FILE = "config.json";
    public static final String MODEL_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private HfCheckpoint() {}

    /** A model read from a HuggingFace directory, in our names; the tokenizer when the directory has one and it was asked for. */
    public record Imported(ModelConfig config, Map<String, Tensor> parameters, Optional<Tokenizer> tokenizer) {}

    /** Reads config, weights and tokenizer.json (which must then be one {@link TokenizerJson} reads). */
    public static Imported read(Path dir) throws IOException {
        Imported weights = readWeights(dir);
        Path tok = dir.resolve(TOKENIZER_FILE);
        if (!Files.exists(tok)) return weights;
        try {
            return new Imported(weights.config(), weights.parameters(), Optional.of(TokenizerJson.read(tok)));
        } catch (TokenizerFormatException e) { // names the file
            throw new CheckpointFormatException(e.getMessage() + " (HfCheckpoint.readWeights skips the tokenizer)", e);
        }
    }

    /** Reads config and weights only. */
    public static Imported readWeights(Path dir) throws IOException {
        ModelConfig config = HfConfig.read(dir.resolve(CONFIG_FILE));
        List<SafeTensorsFile> files = new ArrayList<>();
        try {
            Map<String, SafeTensorsFile> owner = new LinkedHashMap<>();
            Path index = dir.resolve(INDEX_FILE), single = dir.resolve(MODEL_FILE);
            String source;
            if (!Files.exists(single) && Files.exists(index)) {
                source = index.toString();
                Map<String, String> weightMap = weightMap(index);
                Map<String, SafeTensorsFile> byFile = new TreeMap<>();
                for (String f : new java.util.TreeSet<>(weightMap.values())) {
                    SafeTensorsFile sf = SafeTensorsFile.open(dir.resolve(f));
                    files.add(sf);
                    byFile.put(f, sf);
                }
                for (var e : byFile.entrySet()) {
                    for (String name : e.getValue().entries().keySet()) {
                        if (!e.getKey().equals(weightMap.get(name))) {
                            throw new CheckpointFormatException(source + ": tensor '" + name + "' is in " + e.getKey() + " but weight_map says " + weightMap.get(name));
                        }
                        owner.put(name, e.getValue());
                    }
                }
                for (String name : weightMap.keySet()) {
                    if (!owner.containsKey(name)) throw new CheckpointFormatException(source + ": tensor '" + name + "' is not in " + weightMap.get(name));
                }
            } else {
                source = single.toString();
                SafeTensorsFile sf = SafeTensorsFile.open(single);
                files.add(sf);
                for (String name : sf.entries().keySet()) owner.put(name, sf);
            }
            Map<String, int[]> shapes = new LinkedHashMap<>();
            owner.forEach((name, f) -> shapes.put(name, f.entries().get(name).shape()));
            Map<String, Tensor> ours = HfNames.toOurs(config, shapes, name -> owner.get(name).read(name), source);
            return new Imported(config, ours, Optional.empty());
        } finally {
            for (SafeTensorsFile f : files) f.close();
        }
    }

    private static Map<String, String> weightMap(Path index) throws IOException {
        ObjectNode o = Json.readObject(index);
        JsonNode wm = o.get("weight_map");
        if (wm == null) throw new CheckpointFormatException(index + ": missing field 'weight_map'");
        Map<String, String> m = Json.stringMap(wm, "weight_map", index.toString());
        for (String f : m.values()) {
            if (f.contains("/") || f.contains("\\") || f.startsWith(".")) throw new CheckpointFormatException(index + ": weight_map names file '" + f + "' outside the directory");
        }
        return m;
    }

    /**
     * Writes {@code parameters} (our names) of {@code config} as a HuggingFace directory: HF
     * config.json, model.safetensors in HF names and {@code dtype} (metadata format "pt"), and the
     * tokenizer when given. The directory appears atomically, like {@link Checkpoint#save}.
     */
    public static void write(Path dir, ModelConfig config, Map<String, Tensor> parameters, Optional<Tokenizer> tokenizer, DType dtype) throws IOException {
        Map<String, Tensor> hf = HfNames.toHf(config, parameters);
        ObjectNode json = HfConfig.toJson(config);
        json.put("torch_dtype", dtype == DType.BF16 ? "bfloat16" : "float32");
        AtomicDirectory.write(dir, (temp, hook) -> {
            SafeTensors.write(temp.resolve(MODEL_FILE), hf, dtype, Map.of("format", "pt"));
            hook.reached(MODEL_FILE);
            Json.writeString(temp.resolve(CONFIG_FILE), Json.pretty(json));
            hook.reached(CONFIG_FILE);
            if (tokenizer.isPresent()) {
                Durable.write(temp.resolve(TOKENIZER_FILE), TokenizerJson.toJson(tokenizer.get()).getBytes(StandardCharsets.UTF_8));
                hook.reached(TOKENIZER_FILE);
            }
        }, AtomicDirectory.Hook.NONE);
    }
}
