package dev.autodidact.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test data: the HuggingFace oracle fixtures, seeded random text, and a naive BPE reference. */
final class Fixtures {

    static final List<String> ORACLE_SPECIALS = List.of("<pad>", "<bos>", "<eos>", "<think>", "</think>", "<ans>", "</ans>");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static BpeTokenizer trainedOnCorpus;

    private Fixtures() {
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("oracle/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource oracle/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return MAPPER.readTree(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents the oracle trained on. */
    static List<String> corpusDocuments() {
        List<String> documents = new ArrayList<>();
        json("corpus.json").forEach(node -> documents.add(node.asText()));
        return documents;
    }

    static List<String> oracleTexts() {
        List<String> texts = new ArrayList<>();
        json("texts.json").forEach(node -> texts.add(node.asText()));
        return texts;
    }

    static List<int[]> oracleIds(String name) {
        List<int[]> all = new ArrayList<>();
        for (JsonNode row : json(name)) {
            int[] ids = new int[row.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = row.get(i).asInt();
            }
            all.add(ids);
        }
        return all;
    }

    /** Our trainer on the oracle corpus with the oracle's settings (600 merges); trained once per run. */
    static synchronized BpeTokenizer trainedOnCorpus() {
        if (trainedOnCorpus == null) {
            BpeTrainingConfig config = new BpeTrainingConfig(ORACLE_SPECIALS.size() + 256 + 600, 2,
                    ORACLE_SPECIALS, PreTokenizer.gpt2());
            trainedOnCorpus = BpeTrainer.train(corpusDocuments(), config);
        }
        return trainedOnCorpus;
    }

    /**
     * A random string drawn from pools that stress byte-level BPE: ASCII, accents and combining
     * marks, CJK, Hangul, Arabic, emoji (with ZWJ and flags), whitespace runs, and any code point.
     */
    static String randomText(SplittableRandom random, int maxCodePoints) {
        int n = random.nextInt(maxCodePoints + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> text.appendCodePoint(random.nextInt(0x20, 0x7F));
                case 3 -> text.appendCodePoint(random.nextInt(0xC0, 0x180));
                case 4 -> text.appendCodePoint(random.nextInt(0x300, 0x370));          // combining marks
                case 5 -> text.appendCodePoint(random.nextInt(0x4E00, 0x9FFF));        // CJK
                case 6 -> text.appendCodePoint(random.nextInt(0x1F600, 0x1F650));      // emoji, outside the BMP
                case 7 -> text.append(switch (random.nextInt(6)) {
                    case 0 -> "   ";
                    case 1 -> "\t\t";
                    case 2 -> "\n\n ";
                    case 3 -> "\u00a0\u3000";
                    case 4 -> "\u200d";
                    default -> "\r\n";
                });
                case 8 -> text.appendCodePoint(random.nextInt(0xAC00, 0xD7A4));        // Hangul
                default -> {
                    int codePoint;
                    do {
                        codePoint = random.nextInt(0, 0x110000);
                    } while (Character.getType(codePoint) == Character.SURROGATE);
                    text.appendCodePoint(codePoint);
                }
            }
        }
        return text.toString();
    }

    /**
     * The naive reference for merging one word, as in GPT-2's original encoder: find the adjacent
     * pair of lowest rank, merge all its occurrences left to right, rebuild, repeat.
     */
    static List<String> naiveMerge(String spelledWord, List<Merge> merges) {
        List<String> parts = new ArrayList<>();
        spelledWord.chars().forEach(c -> parts.add(String.valueOf((char) c)));
        while (parts.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < parts.size(); i++) {
                int rank = merges.indexOf(new Merge(parts.get(i), parts.get(i + 1)));
                if (rank >= 0 && rank < bestRank) {
                    bestRank = rank;
                }
            }
            if (bestRank == Integer.MAX_VALUE) {
                break;
            }
            Merge best = merges.get(bestRank);
            List<String> rebuilt = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                if (i + 1 < parts.size() && parts.get(i).equals(best.left()) && parts.get(i + 1).equals(best.right())) {
                    rebuilt.add(best.merged());
                    i++;
                } else {
                    rebuilt.add(parts.get(i));
                }
            }
            parts.clear();
            parts.addAll(rebuilt);
        }
        return parts;
    }
}
