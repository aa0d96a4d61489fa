package dev.autodidact.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The older pair of files that describes a GPT-2 style tokenizer: {@code vocab.json} (token to
 * id) and {@code merges.txt} (an optional {@code #version} line, then one {@code "a b"} merge per
 * line, lowest rank first). Special tokens are not marked in these files, so the reader is told
 * which entries they are.
 */
public final class Gpt2VocabFiles {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Gpt2VocabFiles() {
    }

    /**
     * Reads the pair with GPT-2 pre-tokenization. Each of {@code specialTokens} becomes a special
     * added token: with its id from {@code vocab.json} when it is there, else the next free id.
     *
     * @throws TokenizerFormatException naming the file, line or entry that is wrong
     */
    public static BpeTokenizer read(Path vocabJson, Path mergesTxt, List<String> specialTokens) throws IOException {
        Map<String, Integer> vocab = readVocab(vocabJson);
        List<Merge> merges = readMerges(mergesTxt, vocab);
        List<AddedToken> added = new ArrayList<>();
        int next = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        for (String marker : specialTokens) {
            Integer id = vocab.get(marker);
            added.add(new AddedToken(id != null ? id : next++, marker, true));
        }
        try {
            return BpeTokenizer.builder().vocab(vocab).merges(merges).addedTokens(added).build();
        } catch (IllegalArgumentException e) {
            throw new TokenizerFormatException(vocabJson + " and " + mergesTxt + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code vocab.json} (every id, in id order) and {@code merges.txt} for {@code tokenizer}. */
    public static void write(BpeTokenizer tokenizer, Path vocabJson, Path mergesTxt) throws IOException {
        StringBuilder vocab = new StringBuilder("{");
        for (int id = 0; id < tokenizer.vocabSize(); id++) {
            vocab.append(id == 0 ? "" : ",").append(MAPPER.writeValueAsString(tokenizer.token(id))).append(':').append(id);
        }
        vocab.append("}\n");
        StringBuilder merges = new StringBuilder("#version: 0.2\n");
        for (Merge merge : tokenizer.merges()) {
            if (merge.left().contains(" ") || merge.right().contains(" ")) {
                throw new IllegalArgumentException("merge (" + merge + ") has a symbol containing a space, which merges.txt cannot hold");
            }
            merges.append(merge.left()).append(' ').append(merge.right()).append('\n');
        }
        TokenizerJson.writeAtomically(vocabJson, vocab.toString());
        TokenizerJson.writeAtomically(mergesTxt, merges.toString());
    }

    private static Map<String, Integer> readVocab(Path path) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(path, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new TokenizerFormatException(path + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new TokenizerFormatException(path + ": the top level is not an object of token to id");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        Map<Integer, String> holders = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode id = e.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
                throw new TokenizerFormatException(path + ": \"" + e.getKey() + "\" has id " + id
                        + ", not a non-negative integer");
            }
            String previous = holders.put(id.asInt(), e.getKey());
            if (previous != null) {
                throw new TokenizerFormatException(path + ": id " + id.asInt() + " is given to both \"" + previous
                        + "\" and \"" + e.getKey() + "\"");
            }
            vocab.put(e.getKey(), id.asInt());
        }
        return vocab;
    }

    private static List<Merge> readMerges(Path path, Map<String, Integer> vocab) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        List<Merge> merges = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if ((i == 0 && line.startsWith("#version")) || line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(" ", -1);
            String where = path + ": line " + (i + 1) + " \"" + line + "\"";
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new TokenizerFormatException(where + " is not two symbols separated by one space");
            }
            for (String symbol : new String[] {parts[0], parts[1], parts[0] + parts[1]}) {
                if (!vocab.containsKey(symbol)) {
                    throw new TokenizerFormatException(where + ": symbol \"" + symbol + "\" is not in the vocabulary");
                }
            }
            merges.add(new Merge(parts[0], parts[1]));
        }
        return merges;
    }
}
