package dev.autodidact.rl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.autodidact.rl.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.*;

/** {@code autodidact sample} on an untrained one-layer model saved as a checkpoint (context 40). */
class SampleCommandTest {
    @TempDir
    static Path root;
    static Path ckpt;

    @BeforeAll
    static void saveATinyModel() throws Exception {
        CharTokenizer tok = CharTokenizer.forTasks();
        Transformer model = new Transformer(ModelConfig.gpt2Style(tok.vocabSize(), 32, 1, 2, 40), 7);
        ckpt = root.resolve("ckpt");
        Checkpoint.of(model.config(), model.state(), tok).save(ckpt);
    }

    @Test
    void promptsFromASplitComeWithTheirGoldAnswerAndScores() throws Exception {
        MainTest.Run r = run("sample", ckpt.toString(), "--task", "add3", "--split", "test", "--n", "2", "--samples", "3",
                "--max-new-tokens", "8", "--seed", "5", "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        ObjectMapper json = new ObjectMapper();
        for (int k = 0; k < lines.size(); k++) {
            JsonNode o = json.readTree(lines.get(k));
            assertEquals(k / 3, o.get("prompt_index").asInt());
            assertEquals(k % 3, o.get("sample").asInt());
            assertTrue(o.get("prompt").asText().matches("\\d{3}\\+\\d{3}="), o.toString());
            assertTrue(o.has("gold") && o.has("correct"), "a split prompt knows its answer: " + o);
            assertTrue(o.get("tokens").asInt() >= 1 && o.get("tokens").asInt() <= 8);
            assertTrue(o.get("mean_logprob").asDouble() < 0);
            assertTrue(o.get("entropy").asDouble() > 0);
            assertTrue(o.get("self_certainty").asDouble() > 0);
            // an untrained model does not write "<ans>…</ans>": the answer is NULL, which is never correct
            if (o.get("answer").isNull()) assertFalse(o.get("correct").asBoolean());
        }
        assertEquals(r.out(), run("sample", ckpt.toString(), "--n", "2", "--samples", "3", "--max-new-tokens", "8", "--seed", "5", "--json").out(),
                "seeded: the same seed gives the same completions");
        assertNotEquals(r.out(), run("sample", ckpt.toString(), "--n", "2", "--samples", "3", "--max-new-tokens", "8", "--seed", "6", "--json").out());
    }

    @Test
    void promptsFromTheCommandLineAndAFileAsText() throws Exception {
        Path file = root.resolve("prompts.txt");
        Files.writeString(file, "# two problems\n12+34=\n\n<bos>99+1=\n");
        MainTest.Run r = run("sample", ckpt.toString(), "347+589=", "--file", file.toString(), "--temperature", "0", "--max-new-tokens", "6");
        assertEquals(0, r.code(), r.err());
        for (String p : List.of("prompt 1: 347+589=", "prompt 2: 12+34=", "prompt 3: 99+1=", "greedy", "answer NULL", "logp/token", "self-certainty"))
            assertTrue(r.out().contains(p), p + " in:\n" + r.out());
        assertFalse(r.out().contains("correct") || r.out().contains("wrong"), "no gold answer for typed prompts:\n" + r.out());
        MainTest.Run topK = run("sample", ckpt.toString(), "347+589=", "--top-k", "1", "--top-p", "0.5", "--max-new-tokens", "6");
        assertEquals(0, topK.code(), topK.err());
        assertEquals(r.out().lines().skip(1).limit(4).toList(), topK.out().lines().skip(1).toList(), "top-k 1 is greedy");
    }

    @Test
    void clearErrors() {
        MainTest.Run missing = run("sample", root.resolve("nowhere").toString(), "1+2=");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nowhere: no such checkpoint or run directory"), missing.err());
        MainTest.Run tooLong = run("sample", ckpt.toString(), "1+2+3+4+5+6+7+8+9+10+11+12+13+14+15+16=");
        assertEquals(1, tooLong.code());
        assertTrue(tooLong.err().contains("prompt 1 '1+2+3") && tooLong.err().contains("context is 40 tokens"), tooLong.err());
        MainTest.Run none = run("sample", ckpt.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no prompts"), none.err());
        MainTest.Run noFile = run("sample", ckpt.toString(), "--file", root.resolve("absent.txt").toString());
        assertTrue(noFile.err().contains("absent.txt: no such prompt file"), noFile.err());
        MainTest.Run badSplit = run("sample", ckpt.toString(), "--n", "1", "--split", "dev");
        assertTrue(badSplit.err().contains("--split must be train, unlabeled, test or ood, got 'dev'"), badSplit.err());
    }
}
