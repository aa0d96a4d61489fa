import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.tokenizer.BpeTokenizer;
import dev.autodidact.tokenizer.BpeTrainer;
import dev.autodidact.tokenizer.BpeTrainingConfig;
import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.tokenizer.Markers;
import dev.autodidact.tokenizer.TokenizerJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes tokenizers with this module for check_written.py to load with HuggingFace tokenizers; see make_fixtures.py. */
public class WriteForOracle {
    public static void main(String[] args) throws Exception {
        String dir = args.length > 0 ? args[0] : "target/oracle-check";
        Files.createDirectories(Path.of(dir));
        ObjectMapper m = new ObjectMapper();
        String res = "tokenizer/src/test/resources/dev/autodidact/tokenizer/oracle/";
        List<String> docs = Arrays.asList(m.readValue(Files.readString(Path.of(res + "corpus.json")), String[].class));
        List<String> texts = Arrays.asList(m.readValue(Files.readString(Path.of(res + "texts.json")), String[].class));
        BpeTokenizer bpe = BpeTrainer.train(docs, BpeTrainingConfig.of(Markers.DEFAULT.size() + 256 + 500));
        TokenizerJson.write(bpe, Path.of(dir + "/ours-pairs.json"));
        TokenizerJson.write(bpe, Path.of(dir + "/ours-strings.json"), TokenizerJson.MergeFormat.STRINGS);
        BpeTokenizer split = (BpeTokenizer) TokenizerJson.parse(Files.readString(Path.of(res + "split-style.tokenizer.json")));
        TokenizerJson.write(split, Path.of(dir + "/ours-split.json"));
        CharTokenizer chars = CharTokenizer.withUnknownAsUnk(CharTokenizer.TASK_ALPHABET, Markers.DEFAULT);
        TokenizerJson.write(chars, Path.of(dir + "/ours-chars.json"));
        List<String> charTexts = List.of("<bos>347+589=<think>7+9=16 c1;</think><ans>936</ans><eos>", "hello world?", "ABC x<THINK>", "");
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("texts", texts);
        ids.put("pairs", texts.stream().map(bpe::encode).toList());
        ids.put("split", texts.stream().map(split::encode).toList());
        ids.put("charTexts", charTexts);
        ids.put("chars", charTexts.stream().map(chars::encode).toList());
        ids.put("decoded", texts.stream().map(t -> bpe.decode(bpe.encode(t))).toList());
        Files.writeString(Path.of(dir + "/ours-ids.json"), m.writeValueAsString(ids));
    }
}
