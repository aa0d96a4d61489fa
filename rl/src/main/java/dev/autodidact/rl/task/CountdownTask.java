package dev.autodidact.rl.task;

import dev.autodidact.rl.math.Rational;
import dev.autodidact.rl.math.SplitMix64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * COUNTDOWN-n (algorithms-text §C.2 and §15.j, "Cognitive Behaviors that Enable Self-Improving
 * Reasoners"): n numbers in 1..maxNumber and a target reachable from them; the answer is an
 * expression that uses each number exactly once and equals the target. Prompts read
 * {@code 3,5,7,12|24=}.
 *
 * <p>Targets are built by combining random pairs with operations whose results stay positive
 * integers, so every problem has a solution (the gold expression). Traces are search traces:
 * a few failed attempts, each closed by {@code 22 not 24 back}, then the solving path and a
 * check line {@code check (7-3)*6=24 ok}.
 * The canonical form sorts the numbers, so permuted prompts share a split.
 */
public final class CountdownTask implements Task {
    public static final String VERSION = "countdown-v1";
    private final TaskConfig config;
    private final int maxNumber, maxTarget, failedAttempts;

    /**
     * @param inDistributionCounts    how many numbers (2..8) in distribution
     * @param outOfDistributionCounts how many numbers out of distribution
     * @param maxNumber               numbers are uniform in 1..maxNumber
     * @param maxTarget               targets are at most this (larger draws are redrawn)
     * @param failedAttempts          failed search paths shown before the solution in a trace
     */
    public CountdownTask(List<Integer> inDistributionCounts, List<Integer> outOfDistributionCounts, int maxNumber, int maxTarget, int failedAttempts) {
        for (List<Integer> ns : List.of(inDistributionCounts, outOfDistributionCounts))
            for (int n : ns)
                if (n < 2 || n > 8) throw new IllegalArgumentException("COUNTDOWN: number count " + n + " is outside 2..8");
        if (maxNumber < 2 || maxTarget < maxNumber || failedAttempts < 0)
            throw new IllegalArgumentException("COUNTDOWN: need maxNumber >= 2, maxTarget >= maxNumber and failedAttempts >= 0, got "
                    + maxNumber + ", " + maxTarget + ", " + failedAttempts);
        this.maxNumber = maxNumber;
        this.maxTarget = maxTarget;
        this.failedAttempts = failedAttempts;
        this.config = new TaskConfig("COUNTDOWN", VERSION, "numbers", inDistributionCounts, outOfDistributionCounts,
                Map.of("maxNumber", Integer.toString(maxNumber), "maxTarget", Integer.toString(maxTarget),
                        "failedAttempts", Integer.toString(failedAttempts)));
    }

    /** The testbed default: 3 or 4 numbers in distribution, 5 out of distribution, numbers 1..25, targets up to 999. */
    public static CountdownTask standard() {
        return new CountdownTask(List.of(3, 4), List.of(5), 25, 999, 1);
    }

    @Override
    public TaskConfig config() {
        return config;
    }

    @Override
    public List<Problem> generate(Split split, int count, long seed) {
        return ProblemSampler.generate(config, split, count, seed, this::draw);
    }

    private ProblemSampler.Candidate draw(SplitMix64 rng, int n) {
        while (true) {
            long[] numbers = new long[n];
            for (int i = 0; i < n; i++) numbers[i] = rng.nextInt(1, maxNumber);
            Step last = randomPath(rng, numbers).get(n - 2);
            Expression solution = last.expression();
            long target = last.value();
            if (target > maxTarget) continue;
            long[] sorted = numbers.clone();
            Arrays.sort(sorted);
            String given = join(numbers);
            return new ProblemSampler.Candidate(join(sorted) + "|" + target, given + "|" + target + "=", solution.render(),
                    Map.of("numbers", given, "target", Long.toString(target)));
        }
    }

    /** One combination: {@code x op y = value}, with the expression that produced it. */
    private record Step(Expression.Binary expression, long x, long y, long value) {
        String line() {
            return x + Character.toString(expression.op()) + y + "=" + value;
        }
    }

    /** Combines random pairs with random valid operations (positive integer results) until one value is left. */
    private static List<Step> randomPath(SplitMix64 rng, long[] numbers) {
        List<Expression> pool = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (long x : numbers) {
            pool.add(new Expression.Literal(x));
            values.add(x);
        }
        List<Step> path = new ArrayList<>();
        char[] ops = new char[4];
        while (pool.size() > 1) {
            int i = rng.nextInt(pool.size()), j = rng.nextInt(pool.size() - 1);
            if (j >= i) j++;
            long x = values.get(i), y = values.get(j);
            int k = 0;
            ops[k++] = '+';
            ops[k++] = '*';
            if (x > y) ops[k++] = '-';
            if (y > 1 && x % y == 0) ops[k++] = '/';
            char op = ops[rng.nextInt(k)];
            long v = switch (op) {
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> Math.multiplyExact(x, y);
                default -> x / y;
            };
            Expression.Binary e = new Expression.Binary(op, pool.get(i), pool.get(j));
            path.add(new Step(e, x, y, v));
            for (int r : new int[] {Math.max(i, j), Math.min(i, j)}) {
                pool.remove(r);
                values.remove(r);
            }
            pool.add(e);
            values.add(v);
        }
        return path;
    }

    private static String join(long[] xs) {
        return Arrays.stream(xs).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    private static long[] numbers(Prompt prompt) {
        return Arrays.stream(prompt.meta("numbers").split(",")).mapToLong(Long::parseLong).toArray();
    }

    @Override
    public Split splitOf(String canonical, int difficulty) {
        return ProblemSampler.splitOf(config, canonical, difficulty);
    }

    /**
     * Reads the expression between the answer tags: unparsable text, numbers other than the
     * given ones (each exactly once), and division by zero are {@link Answer.Malformed}.
     */
    @Override
    public Answer extract(Prompt prompt, String response) {
        return Format.taggedAnswer(response).map(text -> check(prompt, text)).orElseGet(Answer.Missing::new);
    }

    private static Answer check(Prompt prompt, String text) {
        Expression e;
        try {
            e = Expression.parse(text);
        } catch (Expression.ParseException ex) {
            return new Answer.Malformed(text, ex.getMessage());
        }
        long[] used = e.literals().stream().mapToLong(Long::longValue).sorted().toArray();
        long[] given = numbers(prompt);
        Arrays.sort(given);
        if (!Arrays.equals(used, given))
            return new Answer.Malformed(text, "'" + text + "' uses " + Arrays.toString(used) + " but the problem gives " + Arrays.toString(given) + ", each exactly once.");
        try {
            return new Answer.Valid(text, e.evaluate());
        } catch (ArithmeticException ex) {
            return new Answer.Malformed(text, "'" + text + "' divides by zero.");
        }
    }

    /** Correct iff the expression is valid for this prompt and equals the target; the gold expression is not consulted. */
    @Override
    public boolean isCorrect(Problem problem, Answer answer) {
        return answer instanceof Answer.Valid v && check(problem.prompt(), v.text()) instanceof Answer.Valid checked
                && checked.value().equals(Rational.parse(problem.prompt().meta("target")).orElseThrow());
    }

    @Override
    public Trace trace(Problem problem) {
        return search(problem, 0, 0);
    }

    /**
     * The noisy teacher (§C.4 adapted to Countdown): each step of the solving path picks, with
     * probability {@code epsStep}, a wrong operation but writes the intended result, and later
     * steps build on that result, so the trace still "reaches" the target while the final
     * expression does not.
     */
    @Override
    public Trace noisyTrace(Problem problem, double epsStep, long seed) {
        NoisyTeacher.checkEps(epsStep);
        return search(problem, epsStep, seed);
    }

    private Trace search(Problem problem, double eps, long seed) {
        Prompt prompt = problem.prompt();
        long target = Long.parseLong(prompt.meta("target"));
        long[] numbers = numbers(prompt);
        SplitMix64 attempts = SplitMix64.derive(SplitMix64.hash(prompt.id()), 1);
        SplitMix64 noise = NoisyTeacher.rng(problem, seed);
        List<String> steps = new ArrayList<>();
        for (int shown = 0, tries = 0; shown < failedAttempts && tries < 20 * (failedAttempts + 1); tries++) {
            List<Step> path = randomPath(attempts, numbers);
            long reached = path.getLast().value();
            if (reached == target) continue;
            for (Step s : path) steps.add(s.line());
            steps.add(reached + " not " + target + " back");
            shown++;
        }
        Expression gold;
        try {
            gold = Expression.parse(problem.gold());
        } catch (Expression.ParseException ex) {
            throw new IllegalArgumentException("COUNTDOWN problem " + prompt.id() + ": gold answer is not an expression: " + ex.getMessage());
        }
        int[] corrupted = {0};
        Expression written = solve(gold, steps, eps, noise, corrupted);
        steps.add("check " + written.render() + "=" + target + " ok");
        return new Trace(steps, written.render(), corrupted[0]);
    }

    /**
     * Appends the steps of {@code e} in post-order and returns the expression as the teacher
     * writes it; a corrupted step keeps the intended value in its line but a wrong operation.
     */
    private static Expression solve(Expression e, List<String> steps, double eps, SplitMix64 noise, int[] corrupted) {
        if (!(e instanceof Expression.Binary b)) return e;
        Expression left = solve(b.left(), steps, eps, noise, corrupted), right = solve(b.right(), steps, eps, noise, corrupted);
        Rational x = b.left().evaluate(), y = b.right().evaluate(), intended = b.evaluate();
        char op = b.op();
        if (eps > 0 && noise.nextBoolean(eps)) {
            List<Character> wrong = new ArrayList<>();
            for (char o : new char[] {'+', '-', '*', '/'})
                if (o != b.op() && !(o == '/' && y.isZero()) && !RandomCalculationTask.apply(x, o, y).equals(intended)) wrong.add(o);
            if (!wrong.isEmpty()) {
                op = wrong.get(noise.nextInt(wrong.size()));
                corrupted[0]++;
            }
        }
        steps.add(x + Character.toString(op) + y + "=" + intended);
        return new Expression.Binary(op, left, right);
    }
}
