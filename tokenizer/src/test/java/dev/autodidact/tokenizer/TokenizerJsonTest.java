package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BpeTokenizer trained = Fixtures.trainedOnCorpus();

    @TempDir
    Path dir;

    @Test
    void writeReadWriteIsByteStable() {
        for (Tokenizer tokenizer : List.of(trained, CharTokenizer.forTasks(),
                CharTokenizer.withUnknownAsUnk("abc", List.of(Markers.PAD)),
                TokenizerJson.parse(Fixtures.resource("split-style.tokenizer.json")))) {
            for (TokenizerJson.MergeFormat format : TokenizerJson.MergeFormat.values()) {
                String first = TokenizerJson.toJson(tokenizer, format);
                String second = TokenizerJson.toJson(TokenizerJson.parse(first), format);
                assertEquals(first, second, tokenizer + " in " + format);
            }
        }
    }

    @Test
    void trainedTokenizerLoadsBackWithIdenticalIds() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        TokenizerJson.write(trained, file);
        BpeTokenizer loaded = TokenizerJson.readBpe(file);
        assertEquals(trained.vocabulary(), loaded.vocabulary());
        assertEquals(trained.merges(), loaded.merges());
        assertEquals(trained.addedTokens(), loaded.addedTokens());
        for (String text : Stream.concat(Fixtures.oracleTexts().stream(), Fixtures.corpusDocuments().stream().limit(50)).toList()) {
            assertArrayEquals(trained.encode(text), loaded.encode(text), text);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "the temporary file was left behind");
        }
    }

    @Test
    void bothMergeEncodingsParseToTheSameTokenizer() {
        String pairs = TokenizerJson.toJson(trained, TokenizerJson.MergeFormat.PAIRS);
        String strings = TokenizerJson.toJson(trained, TokenizerJson.MergeFormat.STRINGS);
        assertTrue(pairs.contains("[\"Ġ\", \"t\"]") && strings.contains("\"Ġ t\""));
        BpeTokenizer fromPairs = (BpeTokenizer) TokenizerJson.parse(pairs);
        BpeTokenizer fromStrings = (BpeTokenizer) TokenizerJson.parse(strings);
        assertEquals(fromPairs.merges(), fromStrings.merges());
        assertEquals(fromPairs.vocabulary(), fromStrings.vocabulary());
        assertEquals(TokenizerJson.toJson(fromPairs), TokenizerJson.toJson(fromStrings));
        for (String text : Fixtures.oracleTexts()) {
            assertArrayEquals(fromPairs.encode(text), fromStrings.encode(text), text);
        }
    }

    @Test
    void characterTokenizerRoundTripsThroughTheCharacterLevelForm() {
        CharTokenizer tasks = CharTokenizer.forTasks();
        Tokenizer loaded = TokenizerJson.parse(TokenizerJson.toJson(tasks));
        CharTokenizer chars = assertInstanceOf(CharTokenizer.class, loaded);
        assertEquals(tasks.alphabet(), chars.alphabet());
        assertEquals(tasks.specialTokens(), chars.specialTokens());
        String trace = PromptFormat.task("12+34=") + PromptFormat.response(List.of("2+4=6 c0", "1+3=4 c0"), "46");
        assertArrayEquals(tasks.encode(trace), chars.encode(trace));
        CharTokenizer lenient = CharTokenizer.withUnknownAsUnk("abc", List.of(Markers.PAD));
        CharTokenizer lenientLoaded = (CharTokenizer) TokenizerJson.parse(TokenizerJson.toJson(lenient));
        assertTrue(lenientLoaded.unknownToUnk());
        assertArrayEquals(lenient.encode("abz"), lenientLoaded.encode("abz"));
    }

    @Test
    void missingModelIsNamed() {
        assertRefused(root -> root.remove("model"), "missing field model");
    }

    @Test
    void mergeWithAnUnknownSymbolIsNamedWithItsIndex() {
        assertRefused(root -> ((ArrayNode) root.path("model").path("merges")).insertArray(0).add("Ġ").add("Q☃"),
                "model.merges[0] [\"Ġ\",\"Q☃\"]: symbol \"Q☃\" is not in model.vocab");
        assertRefused(root -> ((ArrayNode) root.path("model").path("merges")).insert(3, "zz"),
                "model.merges[3] \"zz\" is not two symbols separated by one space");
    }

    @Test
    void duplicateIdsAreNamed() {
        assertRefused(root -> ((ObjectNode) root.path("model").path("vocab")).put("Ġthe", 7),
                "model.vocab: id 7 is given to both");
    }

    @Test
    void repeatedMergeIsNamed() {
        assertRefused(root -> ((ArrayNode) root.path("model").path("merges")).addArray().add("Ġ").add("t"),
                "repeats model.merges[");
    }

    @Test
    void otherModelTypesAreRefusedByName() {
        assertRefused(root -> ((ObjectNode) root.path("model")).put("type", "Unigram"),
                "model.type is \"Unigram\"; only \"BPE\"");
        assertRefused(root -> ((ObjectNode) root.path("model")).put("type", "WordPiece"), "\"WordPiece\"");
    }

    @Test
    void unknownNormalizerAndPreTokenizerAreRefusedByName() {
        assertRefused(root -> root.putObject("normalizer").put("type", "Lowercase"),
                "normalizer.type is \"Lowercase\"");
        assertRefused(root -> root.putObject("pre_tokenizer").put("type", "Whitespace"),
                "pre_tokenizer.type is \"Whitespace\"");
        assertRefused(root -> root.putObject("decoder").put("type", "WordPiece"), "decoder.type is \"WordPiece\"");
    }

    @Test
    void settingsThatWouldChangeIdsAreRefused() {
        assertRefused(root -> ((ObjectNode) root.path("model")).put("dropout", 0.1), "model.dropout is 0.1");
        assertRefused(root -> ((ObjectNode) root.path("model")).put("byte_fallback", true), "model.byte_fallback is true");
        assertRefused(root -> ((ObjectNode) root.path("added_tokens").get(0)).put("lstrip", true),
                "added_tokens[0].lstrip is true for <pad>");
    }

    @Test
    void invalidJsonAndDuplicateKeysAreReportedWithTheirPlace() {
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class,
                () -> TokenizerJson.parse("{\"model\": {\"type\": \"BPE\", \"type\": \"BPE\"}}"));
        assertTrue(e.getMessage().contains("Duplicate field 'type'") && e.getMessage().contains("line 1"), e.getMessage());
        assertThrows(TokenizerFormatException.class, () -> TokenizerJson.parse("[1, 2]"));
        assertThrows(TokenizerFormatException.class, () -> TokenizerJson.parse("{\"model\": "));
    }

    @Test
    void errorsFromAFileNameTheFile() throws IOException {
        Path file = dir.resolve("broken.json");
        ObjectNode root = (ObjectNode) MAPPER.readTree(TokenizerJson.toJson(trained));
        root.remove("model");
        Files.writeString(file, root.toString(), StandardCharsets.UTF_8);
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class, () -> TokenizerJson.read(file));
        assertTrue(e.getMessage().startsWith(file + ": missing field model"), e.getMessage());
    }

    @Test
    void postProcessorsAreAcceptedButUnknownOnesAreNot() {
        String withTemplate = mutate(TokenizerJson.toJson(trained), root -> root.putObject("post_processor")
                .put("type", "TemplateProcessing"));
        assertArrayEquals(trained.encode("hello"), TokenizerJson.parse(withTemplate).encode("hello"));
        assertRefused(root -> root.putObject("post_processor").put("type", "Mystery"), "post_processor.type is \"Mystery\"");
    }

    private void assertRefused(Consumer<ObjectNode> breakIt, String expectedMessagePart) {
        String broken = mutate(TokenizerJson.toJson(trained), breakIt);
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class, () -> TokenizerJson.parse(broken));
        assertTrue(e.getMessage().contains(expectedMessagePart), () -> "message was: " + e.getMessage());
    }

    private static String mutate(String json, Consumer<ObjectNode> change) {
        try {
            JsonNode root = MAPPER.readTree(json);
            change.accept((ObjectNode) root);
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
