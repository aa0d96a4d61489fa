package dev.autodidact.rl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.autograd.NoGrad;
import dev.autodidact.rl.experiment.TaskRegistry;
import dev.autodidact.rl.task.Answer;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Prompt;
import dev.autodidact.rl.task.Split;
import dev.autodidact.rl.task.Task;
import dev.autodidact.rl.train.SampleConfidence;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.infer.Sampler;
import dev.autodidact.transformer.infer.SamplingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code autodidact sample MODEL [PROMPT...]}: completions of a policy for prompts from the
 * command line, a file, or a task's split, each with its extracted answer, whether it is right
 * (when the prompt came from a split, which knows the gold answer) and how sure the model was:
 * mean log-probability, entropy and self-certainty per token.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sample completions from a policy.", "",
                "MODEL is a checkpoint directory, a run directory (its latest checkpoint), or 'noisy-teacher[:settings]'. "
                        + "Prompts are the bare problem text (e.g. 347+589=; <bos> is added), given as arguments, one per line "
                        + "in --file, or drawn from a task split with --n. Prints each completion with its answer, whether it is "
                        + "correct (split prompts only), and per token its mean log-probability, entropy and self-certainty."})
final class SampleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = ModelArgument.DESCRIPTION)
    String model;

    @Parameters(index = "1..*", paramLabel = "PROMPT", description = "prompt text, e.g. 347+589=")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "read prompts from FILE, one per line (blank lines and lines starting with # skipped)")
    Path file;

    @Option(names = "--task", paramLabel = "NAME", defaultValue = "add3", description = "task that renders prompts and extracts answers (default ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test", description = "split the --n prompts come from: train, unlabeled, test or ood (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--n", paramLabel = "N", defaultValue = "0", description = "draw N prompts with their gold answers from --split")
    int n;

    @Option(names = "--samples", paramLabel = "S", defaultValue = "1", description = "completions per prompt (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--temperature", defaultValue = "1.0", description = "sampling temperature; 0 is greedy (default ${DEFAULT-VALUE})")
    float temperature;

    @Option(names = "--top-p", defaultValue = "1.0", description = "nucleus filter (default ${DEFAULT-VALUE}: off)")
    float topP;

    @Option(names = "--top-k", defaultValue = "0", description = "keep the k most likely tokens (default ${DEFAULT-VALUE}: off)")
    int topK;

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "token cap per completion (default ${DEFAULT-VALUE})")
    int maxNewTokens;

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "one JSON object per completion instead of text")
    boolean json;

    @Mixin
    BasesOption bases;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** A prompt to sample from and, when it came from a split, its problem (with the gold answer). */
    private record Item(Prompt prompt, Optional<Problem> problem) {}

    @Override
    public Integer call() throws Exception {
        if (samples < 1) throw new IllegalArgumentException("--samples must be >= 1, got " + samples);
        if (n < 0) throw new IllegalArgumentException("--n must be >= 0, got " + n);
        Task t = TaskRegistry.task(task);
        List<Item> items = items(t);
        if (items.isEmpty()) throw new IllegalArgumentException("no prompts: give PROMPT arguments, --file FILE, or --n N (prompts from --split)");
        SamplingConfig base = SamplingConfig.builder().temperature(temperature).topP(topP).topK(topK).maxNewTokens(maxNewTokens).seed(seed).build();
        PrintWriter out = spec.commandLine().getOut();
        Path dir = ModelArgument.checkpoint(model, t, bases.dir, out);
        Checkpoint c = Checkpoint.load(dir);
        Tokenizer tok = c.tokenizer();
        Transformer policy = new Transformer(c.config(), 0);
        policy.load(c.model());
        policy.eval();

        int ctx = c.config().contextLength();
        List<int[]> ids = new ArrayList<>();
        long[] keys = new long[items.size() * samples];
        for (int j = 0; j < items.size(); j++) {
            String text = t.renderPrompt(items.get(j).prompt());
            int[] p;
            try {
                p = tok.encode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prompt " + (j + 1) + " '" + items.get(j).prompt().text() + "': " + e.getMessage(), e);
            }
            if (p.length >= ctx)
                throw new IllegalArgumentException("prompt " + (j + 1) + " '" + items.get(j).prompt().text() + "' is " + p.length
                        + " tokens; the model's context is " + ctx + " tokens, so it leaves no room for a completion");
            for (int i = 0; i < samples; i++) {
                ids.add(p);
                keys[j * samples + i] = (long) j * samples + i;
            }
        }
        List<Sample> out0;
        try (var ng = NoGrad.enter()) {
            out0 = new Sampler(policy, Optional.of(tok)).sample(ids, keys, base.toBuilder().stopTokens(tok.specialId("<eos>")).build());
        }
        List<SampleConfidence> confidence = SampleConfidence.of(policy, tok.specialId("<pad>"), out0);
        if (!json) out.println("model: " + dir + "   " + describe(base));
        ObjectMapper mapper = new ObjectMapper();
        for (int j = 0; j < items.size(); j++) {
            Item item = items.get(j);
            if (!json) out.println("\nprompt " + (j + 1) + ": " + item.prompt().text() + item.problem().map(p -> "   (gold " + p.gold() + ")").orElse(""));
            for (int i = 0; i < samples; i++) {
                Sample s = out0.get(j * samples + i);
                SampleConfidence sc = confidence.get(j * samples + i);
                Answer a = t.extract(item.prompt(), s.text());
                Optional<Boolean> correct = item.problem().map(p -> t.isCorrect(p, a));
                if (json) out.println(mapper.writeValueAsString(record(mapper, j, i, item, s, sc, a, correct)));
                else {
                    out.println(String.format(Locale.ROOT, "  #%d %s", i + 1, s.text()));
                    out.println(String.format(Locale.ROOT, "     answer %s%s   tokens %d%s   logp/token %.4f   entropy %.4f   self-certainty %.4f",
                            answerText(a), correct.map(ok -> ok ? "  correct" : "  wrong").orElse(""), s.tokens().length,
                            s.stopReason() == Sample.StopReason.STOP_TOKEN ? "" : " (" + s.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")",
                            sc.meanLogProb(), sc.entropy(), sc.selfCertainty()));
                }
            }
        }
        out.flush();
        return 0;
    }

    private List<Item> items(Task t) throws IOException {
        List<String> texts = new ArrayList<>(prompts);
        if (file != null) {
            if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such prompt file");
            for (String line : Files.readAllLines(file)) if (!line.isBlank() && !line.strip().startsWith("#")) texts.add(line.strip());
        }
        List<Item> out = new ArrayList<>();
        for (int j = 0; j < texts.size(); j++) {
            String text = texts.get(j).startsWith("<bos>") ? texts.get(j).substring("<bos>".length()) : texts.get(j);
            if (text.isEmpty()) throw new IllegalArgumentException("prompt " + (j + 1) + " is empty");
            // a prompt typed by the user has no problem behind it: no gold answer, no split
            out.add(new Item(new Prompt(t.name(), "user:" + j, text, Split.TEST, 0, Map.of()), Optional.empty()));
        }
        if (n > 0) {
            Split s;
            try {
                s = Split.valueOf(split.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--split must be train, unlabeled, test or ood, got '" + split + "'");
            }
            for (Problem p : t.generate(s, n, seed)) out.add(new Item(p.prompt(), Optional.of(p)));
        }
        return out;
    }

    private static ObjectNode record(ObjectMapper mapper, int j, int i, Item item, Sample s, SampleConfidence sc, Answer a, Optional<Boolean> correct) {
        ObjectNode o = mapper.createObjectNode();
        o.put("prompt_index", j);
        o.put("sample", i);
        o.put("prompt", item.prompt().text());
        o.put("completion", s.text());
        o.put("answer", a instanceof Answer.Valid v ? v.text() : null);
        o.put("answer_status", a instanceof Answer.Valid ? "valid" : a instanceof Answer.Missing ? "missing" : "malformed");
        item.problem().ifPresent(p -> o.put("gold", p.gold()));
        correct.ifPresent(ok -> o.put("correct", ok));
        o.put("tokens", s.tokens().length);
        o.put("stop", s.stopReason().name().toLowerCase(Locale.ROOT));
        o.put("mean_logprob", sc.meanLogProb());
        o.put("token_prob", sc.tokenProb());
        o.put("entropy", sc.entropy());
        o.put("self_certainty", sc.selfCertainty());
        return o;
    }

    private static String answerText(Answer a) {
        return switch (a) {
            case Answer.Valid v -> v.text();
            case Answer.Missing m -> "NULL (no <ans> pair)";
            case Answer.Malformed m -> "NULL (" + m.reason() + ")";
        };
    }

    private static String describe(SamplingConfig c) {
        return c.greedy() ? "greedy" : String.format(Locale.ROOT, "T %.2f, top-p %.2f, top-k %s, seed %d", c.temperature(), c.topP(),
                c.topK() == 0 ? "off" : Integer.toString(c.topK()), c.seed());
    }
}
