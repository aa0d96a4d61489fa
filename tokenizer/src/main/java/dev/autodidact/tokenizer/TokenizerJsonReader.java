package dev.autodidact.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a HuggingFace tokenizer.json into a {@link BpeTokenizer} (byte-level files) or a
 * {@link CharTokenizer} (the character-level form {@link TokenizerJsonWriter} writes), refusing
 * every setting whose effect on the ids this module would not reproduce.
 */
final class TokenizerJsonReader {

    /** Post-processors only add markers around whole sequences, which {@link PromptFormat} does here. */
    private static final Set<String> POST_PROCESSORS =
            Set.of("ByteLevel", "TemplateProcessing", "RobertaProcessing", "BertProcessing", "Sequence");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TokenizerJsonReader() {
    }

    /** Parses {@code json}; problems are reported as {@link TokenizerFormatException}s without a file name. */
    static Tokenizer parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new TokenizerFormatException("not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        }
        if (root == null || !root.isObject()) {
            throw new TokenizerFormatException("the top level is not a JSON object");
        }
        return read(root);
    }

    private static Tokenizer read(JsonNode root) {
        JsonNode model = required(root, "model", "model");
        String type = text(required(model, "type", "model.type"), "model.type");
        if (!type.equals("BPE")) {
            throw new TokenizerFormatException("model.type is \"" + type
                    + "\"; only \"BPE\" models can be represented (not Unigram, WordPiece or WordLevel)");
        }
        refuseUnless(model, "dropout", "model.dropout", n -> n.isNull() || (n.isNumber() && n.asDouble() == 0.0),
                "BPE dropout makes encoding random");
        refuseUnless(model, "continuing_subword_prefix", "model.continuing_subword_prefix",
                n -> n.isNull() || (n.isTextual() && n.asText().isEmpty()), "byte-level BPE uses no subword prefix");
        refuseUnless(model, "end_of_word_suffix", "model.end_of_word_suffix",
                n -> n.isNull() || (n.isTextual() && n.asText().isEmpty()), "byte-level BPE uses no end-of-word suffix");
        refuseUnless(model, "byte_fallback", "model.byte_fallback", n -> n.isNull() || !n.asBoolean(),
                "byte fallback (<0x41> tokens) is the SentencePiece scheme, not byte-level BPE");

        Map<String, Integer> vocab = vocab(required(model, "vocab", "model.vocab"));
        List<Merge> merges = merges(required(model, "merges", "model.merges"), vocab);
        List<AddedToken> added = addedTokens(root.get("added_tokens"));
        Optional<String> unk = optionalText(model, "unk_token", "model.unk_token");
        boolean fuseUnk = bool(model, "fuse_unk", "model.fuse_unk", false);
        boolean ignoreMerges = bool(model, "ignore_merges", "model.ignore_merges", false);
        BpeTokenizer.Normalization normalization = normalization(root.get("normalizer"));
        checkPostProcessor(root.get("post_processor"), "post_processor");

        JsonNode preNode = root.get("pre_tokenizer");
        String decoder = decoderType(root.get("decoder"));
        if (preNode == null || preNode.isNull()) {
            if (!decoder.equals("Fuse")) {
                throw new TokenizerFormatException("pre_tokenizer is null and decoder.type is \"" + decoder
                        + "\"; without a pre-tokenizer only the character-level form (decoder Fuse) can be represented");
            }
            return charTokenizer(vocab, merges, added, unk, normalization);
        }
        if (!decoder.equals("ByteLevel")) {
            throw new TokenizerFormatException("decoder.type is \"" + decoder
                    + "\"; a ByteLevel pre-tokenizer needs the ByteLevel decoder");
        }
        PreTokenizer pre = preTokenizer(preNode);
        try {
            return BpeTokenizer.builder().vocab(vocab).merges(merges).addedTokens(added).preTokenizer(pre)
                    .normalization(normalization).unkToken(unk).fuseUnk(fuseUnk).ignoreMerges(ignoreMerges).build();
        } catch (IllegalArgumentException e) {
            throw new TokenizerFormatException(e.getMessage(), e);
        }
    }

    private static Map<String, Integer> vocab(JsonNode node) {
        if (!node.isObject()) {
            throw new TokenizerFormatException("model.vocab is " + kind(node) + ", not an object of token to id");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        Map<Integer, String> holders = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode id = e.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
                throw new TokenizerFormatException("model.vocab[\"" + e.getKey() + "\"] is " + id
                        + ", not a non-negative integer id");
            }
            String previous = holders.put(id.asInt(), e.getKey());
            if (previous != null) {
                throw new TokenizerFormatException("model.vocab: id " + id.asInt() + " is given to both \""
                        + previous + "\" and \"" + e.getKey() + "\"");
            }
            vocab.put(e.getKey(), id.asInt());
        }
        return vocab;
    }

    /** Both encodings: {@code "a b"} (one space between the symbols) and {@code ["a", "b"]}. */
    private static List<Merge> merges(JsonNode node, Map<String, Integer> vocab) {
        if (!node.isArray()) {
            throw new TokenizerFormatException("model.merges is " + kind(node) + ", not an array");
        }
        List<Merge> merges = new ArrayList<>(node.size());
        Map<Merge, Integer> ranks = new HashMap<>();
        for (int rank = 0; rank < node.size(); rank++) {
            JsonNode entry = node.get(rank);
            String where = "model.merges[" + rank + "] " + entry;
            String left;
            String right;
            if (entry.isTextual()) {
                String[] parts = entry.asText().split(" ", -1);
                if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                    throw new TokenizerFormatException(where + " is not two symbols separated by one space");
                }
                left = parts[0];
                right = parts[1];
            } else if (entry.isArray() && entry.size() == 2 && entry.get(0).isTextual() && entry.get(1).isTextual()) {
                left = entry.get(0).asText();
                right = entry.get(1).asText();
                if (left.isEmpty() || right.isEmpty()) {
                    throw new TokenizerFormatException(where + " has an empty symbol");
                }
            } else {
                throw new TokenizerFormatException(where + " is neither a string \"a b\" nor a pair [\"a\", \"b\"]");
            }
            for (String symbol : new String[] {left, right, left + right}) {
                if (!vocab.containsKey(symbol)) {
                    throw new TokenizerFormatException(where + ": symbol \"" + symbol + "\" is not in model.vocab");
                }
            }
            Merge merge = new Merge(left, right);
            Integer earlier = ranks.putIfAbsent(merge, rank);
            if (earlier != null) {
                throw new TokenizerFormatException(where + " repeats model.merges[" + earlier + "]");
            }
            merges.add(merge);
        }
        return merges;
    }

    private static List<AddedToken> addedTokens(JsonNode node) {
        List<AddedToken> added = new ArrayList<>();
        if (node == null || node.isNull()) {
            return added;
        }
        if (!node.isArray()) {
            throw new TokenizerFormatException("added_tokens is " + kind(node) + ", not an array");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String where = "added_tokens[" + i + "]";
            if (!entry.isObject()) {
                throw new TokenizerFormatException(where + " is " + kind(entry) + ", not an object");
            }
            JsonNode id = required(entry, "id", where + ".id");
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
                throw new TokenizerFormatException(where + ".id is " + id + ", not a non-negative integer");
            }
            String content = text(required(entry, "content", where + ".content"), where + ".content");
            if (content.isEmpty()) {
                throw new TokenizerFormatException(where + ".content is empty");
            }
            for (String flag : new String[] {"single_word", "lstrip", "rstrip"}) {
                if (bool(entry, flag, where + "." + flag, false)) {
                    throw new TokenizerFormatException(where + "." + flag + " is true for " + content
                            + "; added tokens that absorb neighbouring whitespace or need word boundaries are not supported");
                }
            }
            added.add(new AddedToken(id.asInt(), content, bool(entry, "special", where + ".special", false)));
        }
        return added;
    }

    private static BpeTokenizer.Normalization normalization(JsonNode node) {
        if (node == null || node.isNull()) {
            return BpeTokenizer.Normalization.NONE;
        }
        String type = text(required(node, "type", "normalizer.type"), "normalizer.type");
        if (type.equals("NFC")) {
            return BpeTokenizer.Normalization.NFC;
        }
        throw new TokenizerFormatException("normalizer.type is \"" + type
                + "\"; only no normalizer (null) or NFC can be represented");
    }

    private static void checkPostProcessor(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return;
        }
        String type = text(required(node, "type", where + ".type"), where + ".type");
        if (!POST_PROCESSORS.contains(type)) {
            throw new TokenizerFormatException(where + ".type is \"" + type + "\", which is not a known post-processor");
        }
        if (type.equals("Sequence")) {
            JsonNode processors = required(node, "processors", where + ".processors");
            for (int i = 0; i < processors.size(); i++) {
                checkPostProcessor(processors.get(i), where + ".processors[" + i + "]");
            }
        }
    }

    private static String decoderType(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return text(required(node, "type", "decoder.type"), "decoder.type");
    }

    private static PreTokenizer preTokenizer(JsonNode node) {
        String type = text(required(node, "type", "pre_tokenizer.type"), "pre_tokenizer.type");
        if (type.equals("ByteLevel")) {
            boolean prefix = bool(node, "add_prefix_space", "pre_tokenizer.add_prefix_space", true);
            boolean trim = bool(node, "trim_offsets", "pre_tokenizer.trim_offsets", true);
            return bool(node, "use_regex", "pre_tokenizer.use_regex", true)
                    ? PreTokenizer.byteLevel(prefix, trim)
                    : PreTokenizer.whole(prefix, trim);
        }
        if (!type.equals("Sequence")) {
            throw new TokenizerFormatException("pre_tokenizer.type is \"" + type
                    + "\"; only ByteLevel, or a Sequence of Split then ByteLevel, can be represented");
        }
        JsonNode steps = required(node, "pretokenizers", "pre_tokenizer.pretokenizers");
        if (!steps.isArray() || steps.size() != 2) {
            throw new TokenizerFormatException("pre_tokenizer.pretokenizers has " + (steps.isArray() ? steps.size() : 0)
                    + " steps; only [Split, ByteLevel] can be represented");
        }
        JsonNode split = steps.get(0);
        JsonNode byteLevel = steps.get(1);
        String splitType = text(required(split, "type", "pre_tokenizer.pretokenizers[0].type"),
                "pre_tokenizer.pretokenizers[0].type");
        String byteLevelType = text(required(byteLevel, "type", "pre_tokenizer.pretokenizers[1].type"),
                "pre_tokenizer.pretokenizers[1].type");
        if (!splitType.equals("Split") || !byteLevelType.equals("ByteLevel")) {
            throw new TokenizerFormatException("pre_tokenizer.pretokenizers is [" + splitType + ", " + byteLevelType
                    + "]; only [Split, ByteLevel] can be represented");
        }
        String behavior = text(required(split, "behavior", "pre_tokenizer.pretokenizers[0].behavior"),
                "pre_tokenizer.pretokenizers[0].behavior");
        if (!behavior.equals("Isolated")) {
            throw new TokenizerFormatException("pre_tokenizer.pretokenizers[0].behavior is \"" + behavior
                    + "\"; only \"Isolated\" can be represented");
        }
        if (bool(split, "invert", "pre_tokenizer.pretokenizers[0].invert", false)) {
            throw new TokenizerFormatException("pre_tokenizer.pretokenizers[0].invert is true; inverted splits are not supported");
        }
        JsonNode pattern = required(split, "pattern", "pre_tokenizer.pretokenizers[0].pattern");
        JsonNode regex = pattern.get("Regex");
        if (regex == null || !regex.isTextual()) {
            throw new TokenizerFormatException("pre_tokenizer.pretokenizers[0].pattern is " + pattern
                    + "; only {\"Regex\": ...} patterns are supported");
        }
        if (bool(byteLevel, "use_regex", "pre_tokenizer.pretokenizers[1].use_regex", true)) {
            throw new TokenizerFormatException("pre_tokenizer.pretokenizers[1].use_regex is true; a ByteLevel step"
                    + " that splits again after a Split cannot be represented");
        }
        boolean prefix = bool(byteLevel, "add_prefix_space", "pre_tokenizer.pretokenizers[1].add_prefix_space", true);
        boolean trim = bool(byteLevel, "trim_offsets", "pre_tokenizer.pretokenizers[1].trim_offsets", true);
        try {
            return PreTokenizer.split(regex.asText(), prefix, trim);
        } catch (IllegalArgumentException e) {
            throw new TokenizerFormatException("pre_tokenizer.pretokenizers[0].pattern.Regex: " + e.getMessage(), e);
        }
    }

    /**
     * The character-level form: special tokens at ids {@code 0..k-1}, then one single-character
     * entry per id, no merges.
     */
    private static CharTokenizer charTokenizer(Map<String, Integer> vocab, List<Merge> merges, List<AddedToken> added,
                                               Optional<String> unk, BpeTokenizer.Normalization normalization) {
        if (!merges.isEmpty()) {
            throw new TokenizerFormatException("model.merges has " + merges.size()
                    + " entries; the character-level form (no pre_tokenizer) has none");
        }
        if (normalization != BpeTokenizer.Normalization.NONE) {
            throw new TokenizerFormatException("normalizer is set; the character-level form has none");
        }
        List<String> specials = new ArrayList<>();
        for (int id = 0; id < added.size(); id++) {
            AddedToken token = added.get(id);
            if (token.id() != id || !token.special()) {
                throw new TokenizerFormatException("added_tokens: the character-level form needs special tokens at ids 0.."
                        + (added.size() - 1) + ", but " + token.content() + " has id " + token.id()
                        + (token.special() ? "" : " and is not special"));
            }
            specials.add(token.content());
        }
        String[] byId = new String[vocab.size()];
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            if (e.getValue() >= byId.length) {
                throw new TokenizerFormatException("model.vocab: id " + e.getValue() + " of \"" + e.getKey()
                        + "\" is beyond the " + byId.length + " entries; ids must run from 0 without gaps");
            }
            byId[e.getValue()] = e.getKey();
        }
        StringBuilder alphabet = new StringBuilder();
        for (int id = 0; id < byId.length; id++) {
            if (id < specials.size()) {
                if (!specials.get(id).equals(byId[id])) {
                    throw new TokenizerFormatException("model.vocab: id " + id + " is \"" + byId[id]
                            + "\" but added_tokens gives it to " + specials.get(id));
                }
            } else if (byId[id].codePointCount(0, byId[id].length()) != 1) {
                throw new TokenizerFormatException("model.vocab: \"" + byId[id] + "\" (id " + id
                        + ") is not a single character, as the character-level form needs");
            } else {
                alphabet.append(byId[id]);
            }
        }
        if (unk.isPresent() && !unk.get().equals(Markers.UNK)) {
            throw new TokenizerFormatException("model.unk_token is \"" + unk.get() + "\"; the character-level form uses "
                    + Markers.UNK);
        }
        try {
            return unk.isPresent()
                    ? CharTokenizer.withUnknownAsUnk(alphabet.toString(), specials)
                    : CharTokenizer.of(alphabet.toString(), specials);
        } catch (IllegalArgumentException e) {
            throw new TokenizerFormatException(e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || node.isMissingNode()) {
            throw new TokenizerFormatException("missing field " + where);
        }
        return node;
    }

    private static String text(JsonNode node, String where) {
        if (!node.isTextual()) {
            throw new TokenizerFormatException(where + " is " + kind(node) + ", not a string");
        }
        return node.asText();
    }

    private static Optional<String> optionalText(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(text(node, where));
    }

    private static boolean bool(JsonNode parent, String field, String where, boolean absent) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw new TokenizerFormatException(where + " is " + kind(node) + ", not true or false");
        }
        return node.asBoolean();
    }

    private static void refuseUnless(JsonNode parent, String field, String where,
                                     Predicate<JsonNode> acceptable, String reason) {
        JsonNode node = parent.get(field);
        if (node != null && !acceptable.test(node)) {
            throw new TokenizerFormatException(where + " is " + node + ", which cannot be represented: " + reason);
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string " + node;
            case NUMBER -> "the number " + node;
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }
}
