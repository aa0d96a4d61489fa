package dev.autodidact.rl.task;

import dev.autodidact.rl.math.Rational;
import dev.autodidact.rl.math.SplitMix64;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RANDCALC-s, the RandomCalculation generator of "Reasoning or Memorization? Unreliable Results
 * of Reinforcement Learning Due to Data Contamination" as specified in algorithms-text §15.k:
 * start from a random operand, apply s random operations {@code + - * /} with fresh operands
 * (a divisor is redrawn until non-zero), evaluate exactly, and render fully parenthesised, e.g.
 * {@code (((12+7)*3)-5)/4}. The answer is the reduced fraction; the trace does one operation
 * per step ({@code 12+7=19;19*3=57;...}).
 */
public final class RandomCalculationTask implements Task {
    public static final String VERSION = "randcalc-v1";
    private static final char[] OPS = {'+', '-', '*', '/'};
    private final TaskConfig config;
    private final int maxOperand;

    /** Steps s in the given lists (1..20), operands uniform in [0, maxOperand]. */
    public RandomCalculationTask(List<Integer> inDistributionSteps, List<Integer> outOfDistributionSteps, int maxOperand) {
        for (List<Integer> ss : List.of(inDistributionSteps, outOfDistributionSteps))
            for (int s : ss)
                if (s < 1 || s > 20) throw new IllegalArgumentException("RANDCALC: step count " + s + " is outside 1..20");
        if (maxOperand < 1) throw new IllegalArgumentException("RANDCALC: the operand range [0, " + maxOperand + "] must contain a non-zero divisor");
        this.maxOperand = maxOperand;
        this.config = new TaskConfig("RANDCALC", VERSION, "steps", inDistributionSteps, outOfDistributionSteps,
                Map.of("maxOperand", Integer.toString(maxOperand), "ops", "+-*/"));
    }

    /** The testbed default: s in 1..5 in distribution, 6..9 out of distribution, operands 0..100. */
    public static RandomCalculationTask standard() {
        return new RandomCalculationTask(List.of(1, 2, 3, 4, 5), List.of(6, 7, 8, 9), 100);
    }

    @Override
    public TaskConfig config() {
        return config;
    }

    @Override
    public List<Problem> generate(Split split, int count, long seed) {
        return ProblemSampler.generate(config, split, count, seed, this::draw);
    }

    private ProblemSampler.Candidate draw(SplitMix64 rng, int steps) {
        int start = rng.nextInt(0, maxOperand);
        StringBuilder expr = new StringBuilder(Integer.toString(start));
        StringBuilder ops = new StringBuilder(), operands = new StringBuilder().append(start);
        Rational v = Rational.of(start);
        for (int k = 0; k < steps; k++) {
            char op = OPS[rng.nextInt(OPS.length)];
            int u = rng.nextInt(0, maxOperand);
            while (op == '/' && u == 0) u = rng.nextInt(0, maxOperand);
            v = apply(v, op, Rational.of(u));
            if (k > 0) expr.insert(0, '(').append(')');
            expr.append(op).append(u);
            ops.append(op);
            operands.append(',').append(u);
        }
        String e = expr.toString();
        return new ProblemSampler.Candidate(e, e + "=", v.toString(), Map.of("ops", ops.toString(), "operands", operands.toString()));
    }

    static Rational apply(Rational v, char op, Rational u) {
        return switch (op) {
            case '+' -> v.add(u);
            case '-' -> v.subtract(u);
            case '*' -> v.multiply(u);
            case '/' -> v.divide(u);
            default -> throw new IllegalArgumentException("RANDCALC: unknown operator '" + op + "'");
        };
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
        return answer instanceof Answer.Valid v && v.value().equals(Rational.parse(problem.gold()).orElseThrow());
    }

    @Override
    public Trace trace(Problem problem) {
        return steps(problem, 0, 0);
    }

    @Override
    public Trace noisyTrace(Problem problem, double epsStep, long seed) {
        NoisyTeacher.checkEps(epsStep);
        return steps(problem, epsStep, seed);
    }

    /** One operation per step; a corrupted step's result is off by an integer 1..3 and later steps use it. */
    private static Trace steps(Problem problem, double eps, long seed) {
        String ops = problem.prompt().meta("ops");
        String[] operands = problem.prompt().meta("operands").split(",");
        SplitMix64 rng = NoisyTeacher.rng(problem, seed);
        Rational v = Rational.parse(operands[0]).orElseThrow();
        List<String> steps = new ArrayList<>(ops.length());
        int corrupted = 0;
        for (int k = 0; k < ops.length(); k++) {
            Rational u = Rational.parse(operands[k + 1]).orElseThrow();
            Rational next = apply(v, ops.charAt(k), u);
            if (eps > 0 && rng.nextBoolean(eps)) {
                next = next.add(Rational.of(NoisyTeacher.offset(rng)));
                corrupted++;
            }
            steps.add(operand(v) + ops.charAt(k) + operand(u) + "=" + next);
            v = next;
        }
        return new Trace(steps, v.toString(), corrupted);
    }

    /** Negative and fractional intermediates are bracketed so a step reads unambiguously. */
    private static String operand(Rational r) {
        return r.isInteger() && r.signum() >= 0 ? r.toString() : "(" + r + ")";
    }
}
