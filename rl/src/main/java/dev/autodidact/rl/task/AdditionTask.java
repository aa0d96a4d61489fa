package dev.autodidact.rl.task;

import dev.autodidact.rl.math.SplitMix64;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ADD-d (algorithms-text §C.2): {@code a+b=} with a, b uniform d-digit integers, solved by
 * column sums from right to left, e.g. {@code 347+589=} gives
 * {@code <think>7+9=16 c1;4+8+1=13 c1;3+5+1=9 c0;</think><ans>936</ans>}.
 *
 * <p>The canonical form orders the operands, so {@code 589+347} and {@code 347+589} always land
 * in the same split.
 */
public final class AdditionTask implements Task {
    public static final String VERSION = "add-v1";
    private final TaskConfig config;

    /** ADD with the given in-distribution and out-of-distribution digit counts (1..18). */
    public AdditionTask(List<Integer> inDistributionDigits, List<Integer> outOfDistributionDigits) {
        for (List<Integer> ds : List.of(inDistributionDigits, outOfDistributionDigits))
            for (int d : ds)
                if (d < 1 || d > 18) throw new IllegalArgumentException("ADD: digit count " + d + " is outside 1..18");
        this.config = new TaskConfig("ADD", VERSION, "digits", inDistributionDigits, outOfDistributionDigits, Map.of());
    }

    /** The testbed default: d in {2, 3, 4} in distribution, {5, 6} out of distribution. */
    public static AdditionTask standard() {
        return new AdditionTask(List.of(2, 3, 4), List.of(5, 6));
    }

    @Override
    public TaskConfig config() {
        return config;
    }

    @Override
    public List<Problem> generate(Split split, int count, long seed) {
        return ProblemSampler.generate(config, split, count, seed, (rng, d) -> draw(rng, d));
    }

    private static ProblemSampler.Candidate draw(SplitMix64 rng, int digits) {
        long a = operand(rng, digits), b = operand(rng, digits);
        String canonical = Math.min(a, b) + "+" + Math.max(a, b);
        return new ProblemSampler.Candidate(canonical, a + "+" + b + "=", Long.toString(a + b),
                Map.of("a", Long.toString(a), "b", Long.toString(b)));
    }

    private static long operand(SplitMix64 rng, int digits) {
        long lo = 1;
        for (int i = 1; i < digits; i++) lo *= 10;
        long span = lo * 9; // d-digit numbers: [10^(d-1), 10^d)
        long r = rng.nextLong() >>> 1;
        return digits == 1 ? rng.nextInt(10) : lo + r % span; // modulo bias < 2^-30 for d <= 18
    }

    @Override
    public Split splitOf(String canonical, int difficulty) {
        return ProblemSampler.splitOf(config, canonical, difficulty);
    }

    @Override
    public Answer extract(Prompt prompt, String response) {
        return Format.numericAnswer(response);
    }

    @Override
    public boolean isCorrect(Problem problem, Answer answer) {
        return answer instanceof Answer.Valid v && v.value().equals(dev.autodidact.rl.math.Rational.parse(problem.gold()).orElseThrow());
    }

    @Override
    public Trace trace(Problem problem) {
        return columns(problem, 0, 0);
    }

    @Override
    public Trace noisyTrace(Problem problem, double epsStep, long seed) {
        NoisyTeacher.checkEps(epsStep);
        return columns(problem, epsStep, seed);
    }

    /** Column-wise addition; with eps > 0 a column sum is off by 1..3 and its carry follows it. */
    private static Trace columns(Problem problem, double eps, long seed) {
        String a = problem.prompt().meta("a"), b = problem.prompt().meta("b");
        SplitMix64 rng = NoisyTeacher.rng(problem, seed);
        int n = Math.max(a.length(), b.length());
        List<String> steps = new ArrayList<>(n);
        StringBuilder digits = new StringBuilder();
        int carry = 0, corrupted = 0;
        for (int i = 0; i < n; i++) {
            int x = digitFromRight(a, i), y = digitFromRight(b, i);
            int sum = x + y + carry;
            if (eps > 0 && rng.nextBoolean(eps)) {
                sum = NoisyTeacher.perturb(sum, rng);
                corrupted++;
            }
            steps.add(x + "+" + y + (carry > 0 ? "+" + carry : "") + "=" + sum + " c" + sum / 10);
            digits.append(sum % 10);
            carry = sum / 10;
        }
        if (carry > 0) digits.append(new StringBuilder(Integer.toString(carry)).reverse());
        String answer = digits.reverse().toString().replaceFirst("^0+(?=.)", "");
        return new Trace(steps, answer, corrupted);
    }

    private static int digitFromRight(String number, int i) {
        return i < number.length() ? number.charAt(number.length() - 1 - i) - '0' : 0;
    }
}
