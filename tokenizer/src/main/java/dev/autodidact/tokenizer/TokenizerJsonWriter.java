package dev.autodidact.tokenizer;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes tokenizer.json text that HuggingFace tokenizers loads to the same ids, in one fixed
 * layout (two-space indent, vocabulary in id order, one merge per line), so that writing the
 * same tokenizer twice gives the same bytes.
 *
 * <p>A {@link CharTokenizer} is written as a BPE model without merges or pre-tokenizer and with
 * the {@code Fuse} decoder: HF then splits each run into characters and joins them back, which
 * is exactly a character tokenizer.
 */
final class TokenizerJsonWriter {

    private final StringBuilder out = new StringBuilder(1 << 16);

    private TokenizerJsonWriter() {
    }

    static String write(Tokenizer tokenizer, TokenizerJson.MergeFormat format) {
        TokenizerJsonWriter writer = new TokenizerJsonWriter();
        switch (tokenizer) {
            case BpeTokenizer bpe -> writer.bpe(bpe, format);
            case CharTokenizer chars -> writer.chars(chars);
            default -> throw new IllegalArgumentException("tokenizer.json cannot hold a "
                    + tokenizer.getClass().getSimpleName() + "; only BpeTokenizer and CharTokenizer are written");
        }
        return writer.out.toString();
    }

    private void bpe(BpeTokenizer bpe, TokenizerJson.MergeFormat format) {
        PreTokenizer pre = bpe.preTokenizer();
        String byteLevelFlags = "\"add_prefix_space\": " + pre.addPrefixSpace() + ", \"trim_offsets\": "
                + pre.trimOffsets() + ", \"use_regex\": true}";
        String normalizer = bpe.normalization() == BpeTokenizer.Normalization.NFC ? "{\"type\": \"NFC\"}" : "null";
        header(bpe.addedTokens(), normalizer, preTokenizer(pre), "{\"type\": \"ByteLevel\", " + byteLevelFlags,
                "{\"type\": \"ByteLevel\", " + byteLevelFlags);
        model(bpe.unkToken().map(TokenizerJsonWriter::quote).orElse("null"), bpe.fuseUnk(), bpe.ignoreMerges(),
                bpe.vocabulary(), bpe.merges(), format);
    }

    private void chars(CharTokenizer chars) {
        List<AddedToken> added = new ArrayList<>();
        for (int id = 0; id < chars.specialTokens().size(); id++) {
            added.add(new AddedToken(id, chars.specialTokens().get(id), true));
        }
        header(added, "null", "null", "null", "{\"type\": \"Fuse\"}");
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int id = 0; id < chars.vocabSize(); id++) {
            vocab.put(chars.token(id), id);
        }
        String unk = chars.unknownToUnk() ? quote(Markers.UNK) : "null";
        model(unk, false, false, vocab, List.of(), TokenizerJson.MergeFormat.PAIRS);
    }

    private void header(List<AddedToken> added, String normalizer, String preTokenizer, String postProcessor,
                        String decoder) {
        out.append("{\n");
        out.append("  \"version\": \"1.0\",\n");
        out.append("  \"truncation\": null,\n");
        out.append("  \"padding\": null,\n");
        out.append("  \"added_tokens\": [");
        for (int i = 0; i < added.size(); i++) {
            AddedToken token = added.get(i);
            out.append(i == 0 ? "\n" : ",\n");
            out.append("    {\"id\": ").append(token.id())
                    .append(", \"content\": ").append(quote(token.content()))
                    .append(", \"single_word\": false, \"lstrip\": false, \"rstrip\": false")
                    // HF's convention: markers are matched in the raw text, other added tokens after normalization.
                    .append(", \"normalized\": ").append(!token.special())
                    .append(", \"special\": ").append(token.special()).append('}');
        }
        out.append(added.isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"normalizer\": ").append(normalizer).append(",\n");
        out.append("  \"pre_tokenizer\": ").append(preTokenizer).append(",\n");
        out.append("  \"post_processor\": ").append(postProcessor).append(",\n");
        out.append("  \"decoder\": ").append(decoder).append(",\n");
    }

    private void model(String unk, boolean fuseUnk, boolean ignoreMerges, Map<String, Integer> vocab,
                       List<Merge> merges, TokenizerJson.MergeFormat format) {
        out.append("  \"model\": {\n");
        out.append("    \"type\": \"BPE\",\n");
        out.append("    \"dropout\": null,\n");
        out.append("    \"unk_token\": ").append(unk).append(",\n");
        out.append("    \"continuing_subword_prefix\": null,\n");
        out.append("    \"end_of_word_suffix\": null,\n");
        out.append("    \"fuse_unk\": ").append(fuseUnk).append(",\n");
        out.append("    \"byte_fallback\": false,\n");
        out.append("    \"ignore_merges\": ").append(ignoreMerges).append(",\n");
        out.append("    \"vocab\": {");
        boolean first = true;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            out.append(first ? "\n" : ",\n");
            out.append("      ").append(quote(e.getKey())).append(": ").append(e.getValue());
            first = false;
        }
        out.append(vocab.isEmpty() ? "},\n" : "\n    },\n");
        out.append("    \"merges\": [");
        for (int rank = 0; rank < merges.size(); rank++) {
            Merge merge = merges.get(rank);
            out.append(rank == 0 ? "\n" : ",\n").append("      ");
            if (format == TokenizerJson.MergeFormat.PAIRS) {
                out.append('[').append(quote(merge.left())).append(", ").append(quote(merge.right())).append(']');
            } else {
                if (merge.left().contains(" ") || merge.right().contains(" ")) {
                    throw new IllegalArgumentException("merge " + rank + " (" + merge + ") has a symbol containing a space,"
                            + " which the \"a b\" string encoding cannot hold; write PAIRS instead");
                }
                out.append(quote(merge.left() + " " + merge.right()));
            }
        }
        out.append(merges.isEmpty() ? "]\n" : "\n    ]\n");
        out.append("  }\n");
        out.append("}\n");
    }

    private static String preTokenizer(PreTokenizer pre) {
        String flags = "\"add_prefix_space\": " + pre.addPrefixSpace() + ", \"trim_offsets\": " + pre.trimOffsets();
        return switch (pre.style()) {
            case BYTE_LEVEL -> "{\"type\": \"ByteLevel\", " + flags + ", \"use_regex\": true}";
            case WHOLE -> "{\"type\": \"ByteLevel\", " + flags + ", \"use_regex\": false}";
            case SPLIT_THEN_BYTE_LEVEL -> "{\"type\": \"Sequence\", \"pretokenizers\": [\n"
                    + "    {\"type\": \"Split\", \"pattern\": {\"Regex\": " + quote(pre.pattern())
                    + "}, \"behavior\": \"Isolated\", \"invert\": false},\n"
                    + "    {\"type\": \"ByteLevel\", " + flags + ", \"use_regex\": false}\n  ]}";
        };
    }

    private static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
