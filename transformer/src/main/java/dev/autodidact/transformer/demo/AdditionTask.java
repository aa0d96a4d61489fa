package dev.autodidact.transformer.demo;

import dev.autodidact.tensor.random.Rng;
import dev.autodidact.tokenizer.Markers;
import dev.autodidact.tokenizer.PromptFormat;
import dev.autodidact.tokenizer.Tokenizer;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.infer.Sample;
import dev.autodidact.transformer.infer.Sampler;
import dev.autodidact.transformer.infer.SamplingConfig;
import dev.autodidact.transformer.sft.Example;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ADD-d of the shared testbed (algorithms-text.md §C.2), minimal form for the SFT demonstration:
 * {@code <bos>347+589=} → {@code <think>7+9=16 c1;4+8+1=13 c1;3+5+1=9 c0;</think><ans>936</ans><eos>}
 * — column sums right to left, "+1" when a carry comes in, the carry out after "c". The RL
 * module owns the full task library; this is only what the demo needs.
 */
public final class AdditionTask {
    private AdditionTask() {}

    /** a + b with d-digit operands (leading digit non-zero). */
    public record Problem(int a, int b) {
        public int answer() { return a + b; }
        public String question() { return a + "+" + b + "="; }
    }

    public static Problem draw(Rng rng, int digits) {
        int lo = (int) Math.pow(10, digits - 1), span = 9 * lo;
        return new Problem(lo + rng.nextInt(span), lo + rng.nextInt(span));
    }

    /** A problem not in {@code excluded} (resampled from the same stream until it is not). */
    public static Problem drawExcluding(Rng rng, int digits, Set<Problem> excluded) {
        Problem p;
        do p = draw(rng, digits); while (excluded.contains(p));
        return p;
    }

    /** The chain-of-thought steps: one column sum per digit, right to left. */
    public static List<String> steps(Problem p, int digits) {
        List<String> steps = new ArrayList<>();
        int a = p.a(), b = p.b(), carry = 0;
        for (int i = 0; i < digits; i++) {
            int da = a % 10, db = b % 10, s = da + db + carry;
            steps.add(da + "+" + db + (carry == 1 ? "+1" : "") + "=" + s + " c" + s / 10);
            carry = s / 10;
            a /= 10;
            b /= 10;
        }
        return steps;
    }

    public static Example example(Problem p, int digits) {
        return new Example(PromptFormat.task(p.question()), PromptFormat.response(steps(p, digits), Integer.toString(p.answer())));
    }

    /** The text between the first {@code <ans>} and the next {@code </ans>}, if both are there. */
    public static Optional<String> answer(String text) {
        int s = text.indexOf(Markers.ANS), e = s < 0 ? -1 : text.indexOf(Markers.END_ANS, s);
        return s < 0 || e < 0 ? Optional.empty() : Optional.of(text.substring(s + Markers.ANS.length(), e));
    }

    /** Fraction of problems whose greedy completion's answer equals a + b exactly. */
    public static double greedyAccuracy(Transformer model, Tokenizer tok, List<Problem> problems, int maxNewTokens) {
        List<int[]> prompts = new ArrayList<>();
        for (Problem p : problems) prompts.add(tok.encode(PromptFormat.task(p.question())));
        List<Sample> out = new Sampler(model, Optional.of(tok)).sample(prompts, SamplingConfig.greedy(maxNewTokens, tok.eos()));
        int right = 0;
        for (int i = 0; i < problems.size(); i++) {
            String want = Integer.toString(problems.get(i).answer());
            if (answer(out.get(i).text()).filter(want::equals).isPresent()) right++;
        }
        return right / (double) problems.size();
    }
}
