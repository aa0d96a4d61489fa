package dev.autodidact.rl.experiment;

import dev.autodidact.rl.advantage.Grpo;
import dev.autodidact.rl.loss.Aggregation;
import dev.autodidact.rl.loss.KlEstimator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One GRPO-family experiment as written in a recipe YAML file (keys are the snake_case forms of
 * these component names, e.g. {@code rollout.prompts_per_step}). {@link RecipeLoader} fills
 * missing keys from {@code recipe-defaults.yaml}, so every component is present once loaded;
 * {@link #problems()} lists the rules that span several keys.
 *
 * @param name         short run name, used for directories and tables
 * @param paper        title of the paper whose claim the recipe reproduces
 * @param claim        the claim, in one sentence, that the run checks at small scale
 * @param method       the training method and whether it may read labels
 * @param task         the procedural task trained and evaluated on
 * @param model        the checkpoint to start from
 * @param sampling     rollout sampling settings
 * @param rollout      prompts and samples per step
 * @param optimisation optimiser, loss and update schedule
 * @param returns      discounting of per-token rewards (REINFORCE++, PPO's GAE)
 * @param value        PPO's value-head loss
 * @param preference   DPO's beta and IPO's tau
 * @param rejection    the keep filter of rejection-sampling fine-tuning
 * @param reward       weighted reward terms, by registry name
 * @param evaluation   held-out evaluation schedule
 * @param run          length, seed and what is written how often
 */
public record Recipe(String name, String paper, String claim, Method method, TaskSpec task, Model model, Sampling sampling,
                     Rollout rollout, Optimisation optimisation, Returns returns, Value value, Preference preference,
                     Rejection rejection, Reward reward, Evaluation evaluation, Run run) {

    /**
     * @param name      the arm's name in tables ({@code mm_upt}, {@code gt_grpo}, {@code random_grpo} ...)
     * @param labelFree whether the method is label-free: its rewards must then all be {@code SelfReward}s
     * @param advantage how rewards become advantages (policy-gradient algorithms only)
     * @param algorithm what the update optimises
     */
    public record Method(String name, boolean labelFree, AdvantageKind advantage, Algorithm algorithm) {}

    /** The advantage estimators a recipe can name. */
    public enum AdvantageKind {
        /** (r - mean) / (std + eps) per group ({@link Grpo}). */
        GRPO,
        /** r - mean per group, no std division (Dr.GRPO). */
        DR_GRPO,
        /** leave-one-out baseline per group. */
        RLOO,
        /** discounted per-token returns (outcome + KL-in-reward), whitened over the batch (§0.5). */
        REINFORCE_PP,
        /** generalised advantage estimation with the value head, whitened over the batch; PPO only (§0.4). */
        GAE;

        /** Whether the advantage is per token, computed after scoring, with the KL penalty in the reward. */
        public boolean perToken() {
            return this == REINFORCE_PP || this == GAE;
        }
    }

    /** What the update optimises (algorithms-text §0.2–§0.7). */
    public enum Algorithm {
        /** The clipped surrogate with the advantage of {@code method.advantage} (GRPO, Dr.GRPO, RLOO, REINFORCE++). */
        POLICY_GRADIENT,
        /** The clipped surrogate with GAE advantages and a clipped value-head loss (§0.4). */
        PPO,
        /** -log sigmoid(beta h) on (chosen, rejected) pairs from each group, frozen reference (§0.6). */
        DPO,
        /** (h - 1/(2 tau))^2 on the same pairs (§0.6). */
        IPO,
        /** Rejection-sampling fine-tuning: NLL on the responses the keep filter accepts (§0.7). */
        RFT
    }

    /**
     * @param gamma  discount of per-token rewards (REINFORCE++ and GAE)
     * @param lambda GAE's lambda
     */
    public record Returns(double gamma, double lambda) {}

    /**
     * @param coef weight of the value loss in PPO's objective
     * @param clip how far a value may move from the rollout's value before its loss is clipped
     */
    public record Value(double coef, double clip) {}

    /**
     * @param beta DPO's inverse temperature
     * @param tau  IPO's regularisation (the target margin is 1/(2 tau))
     */
    public record Preference(double beta, double tau) {}

    /**
     * @param threshold a response is kept when its reward reaches this
     * @param maxKept   at most this many distinct responses kept per prompt
     */
    public record Rejection(double threshold, int maxKept) {}

    /** @param name {@code add}, {@code randcalc} or {@code countdown} (their standard configurations) */
    public record TaskSpec(String name) {}

    /**
     * @param base      checkpoint directory (or registry name) of the policy to start from
     * @param reference checkpoint of the KL reference; empty means the base
     */
    public record Model(String base, String reference) {}

    public record Sampling(double temperature, double topP, int maxNewTokens) {}

    /**
     * @param promptsPerStep prompts sampled per RL step
     * @param groupSize      completions per prompt that the update trains on (G)
     * @param voteSamples    completions per prompt that a vote sees (TTRL's n_votes); 0 means {@code groupSize}
     */
    public record Rollout(int promptsPerStep, int groupSize, int voteSamples) {
        /** Completions sampled per prompt. */
        public int samplesPerPrompt() {
            return voteSamples == 0 ? groupSize : voteSamples;
        }

        /** Completions trained on per step: prompts x G. */
        public int trainSamplesPerStep() {
            return promptsPerStep * groupSize;
        }
    }

    /**
     * @param miniBatchSize completions per gradient step; a multiple of the group size, dividing prompts x G
     * @param maxGradNorm   gradient clipping threshold; 0 turns clipping off
     */
    public record Optimisation(double lr, double beta1, double beta2, double weightDecay, int warmupSteps, double clipLow,
                               double clipHigh, double dualClip, double klBeta, KlEstimator klEstimator, int epochs,
                               int miniBatchSize, Aggregation aggregation, double maxGradNorm) {}

    /** @param terms the weighted terms; their sum is the reward */
    public record Reward(List<Term> terms) {
        public Reward {
            terms = terms == null ? List.of() : List.copyOf(terms);
        }
    }

    /**
     * @param name   a name from {@link RewardRegistry}
     * @param weight its weight in the sum
     * @param params named numeric parameters the registry entry accepts (e.g. {@code probability} of {@code random})
     */
    public record Term(String name, double weight, Map<String, Double> params) {
        public Term {
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    /**
     * @param every   evaluate every this many steps (and at the last step); 0 turns evaluation off
     * @param splits  labelled splits to evaluate on ({@code test}, {@code ood})
     * @param prompts prompts per split
     * @param samples completions per prompt (n) for pass@1, pass@k and maj@k
     * @param k       the k of pass@k and maj@k
     */
    public record Evaluation(int every, List<String> splits, int prompts, int samples, int k) {
        public Evaluation {
            splits = splits == null ? List.of() : List.copyOf(splits);
        }
    }

    /**
     * @param steps             RL steps
     * @param seed              the run's seed (seed i of {@code --seeds N} is {@code seed + i})
     * @param checkpointEvery   save a checkpoint every this many steps (and at the last step)
     * @param keepLast          checkpoints kept; older ones are deleted
     * @param completionsEvery  write sample completions at step 1 and every this many steps; 0 turns them off
     * @param completionsPrompts prompts whose whole group is written each time
     */
    public record Run(int steps, long seed, int checkpointEvery, int keepLast, int completionsEvery, int completionsPrompts) {}

    /** This recipe with {@code run.seed} replaced (seed i of {@code --seeds N}). */
    public Recipe withSeed(long seed) {
        Run r = new Run(run.steps(), seed, run.checkpointEvery(), run.keepLast(), run.completionsEvery(), run.completionsPrompts());
        return new Recipe(name, paper, claim, method, task, model, sampling, rollout, optimisation, returns, value, preference, rejection,
                reward, evaluation, r);
    }

    /**
     * Every rule spanning several keys that this recipe breaks, one sentence each naming the keys
     * and what to change; empty when the recipe is consistent. The label-free rule is checked by
     * {@link RewardRegistry#slot} instead, from the reward types.
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        Rollout r = rollout;
        Optimisation o = optimisation;
        positive(p, "rollout.prompts_per_step", r.promptsPerStep());
        positive(p, "rollout.group_size", r.groupSize());
        positive(p, "optimisation.mini_batch_size", o.miniBatchSize());
        positive(p, "optimisation.epochs", o.epochs());
        positive(p, "run.steps", run.steps());
        positive(p, "run.checkpoint_every", run.checkpointEvery());
        positive(p, "run.keep_last", run.keepLast());
        if (r.groupSize() == 1)
            p.add("rollout.group_size is 1: every group then has zero advantage and the policy never moves; use 2 or more (8 is the testbed default)");
        if (r.groupSize() > 0 && r.promptsPerStep() > 0 && o.miniBatchSize() > 0) {
            int total = r.trainSamplesPerStep();
            if (total % o.miniBatchSize() != 0 || o.miniBatchSize() % r.groupSize() != 0) {
                p.add("rollout.prompts_per_step x rollout.group_size = " + r.promptsPerStep() + " x " + r.groupSize() + " = " + total
                        + " completions per step must split into whole mini-batches of whole groups, but optimisation.mini_batch_size is "
                        + o.miniBatchSize() + "; set mini_batch_size to one of " + validMiniBatches(r.promptsPerStep(), r.groupSize())
                        + ", or change prompts_per_step");
            }
        }
        if (r.voteSamples() < 0) p.add("rollout.vote_samples must be 0 (same as group_size) or positive, got " + r.voteSamples());
        else if (r.voteSamples() > 0 && r.voteSamples() < r.groupSize())
            p.add("rollout.vote_samples (" + r.voteSamples() + ") must be at least rollout.group_size (" + r.groupSize()
                    + "): the completions trained on are drawn from those voted on; raise vote_samples or lower group_size");
        boolean ttrl = reward.terms().stream().anyMatch(t -> t.name().equals(RewardRegistry.TTRL_VOTE));
        if (r.voteSamples() > r.groupSize() && !ttrl)
            p.add("rollout.vote_samples (" + r.voteSamples() + ") exceeds rollout.group_size (" + r.groupSize()
                    + ") but no reward term is '" + RewardRegistry.TTRL_VOTE + "', the only one that votes over extra samples; remove vote_samples or add that term");
        if (!(sampling.temperature() > 0)) p.add("sampling.temperature must be positive, got " + sampling.temperature());
        if (!(sampling.topP() > 0 && sampling.topP() <= 1)) p.add("sampling.top_p must be in (0, 1], got " + sampling.topP());
        positive(p, "sampling.max_new_tokens", sampling.maxNewTokens());
        if (!(o.lr() > 0)) p.add("optimisation.lr must be positive, got " + o.lr());
        if (!(o.beta1() >= 0 && o.beta1() < 1)) p.add("optimisation.beta1 must be in [0, 1), got " + o.beta1());
        if (!(o.beta2() >= 0 && o.beta2() < 1)) p.add("optimisation.beta2 must be in [0, 1), got " + o.beta2());
        if (!(o.weightDecay() >= 0)) p.add("optimisation.weight_decay must be >= 0, got " + o.weightDecay());
        if (o.warmupSteps() < 0) p.add("optimisation.warmup_steps must be >= 0, got " + o.warmupSteps());
        if (!(o.clipLow() > 0 && o.clipLow() < 1)) p.add("optimisation.clip_low must be in (0, 1), got " + o.clipLow());
        if (!(o.clipHigh() > 0)) p.add("optimisation.clip_high must be positive, got " + o.clipHigh());
        if (!(o.dualClip() == 0 || o.dualClip() > 1)) p.add("optimisation.dual_clip must be 0 (off) or greater than 1, got " + o.dualClip());
        if (!(o.klBeta() >= 0)) p.add("optimisation.kl_beta must be >= 0, got " + o.klBeta());
        if (!(o.maxGradNorm() >= 0)) p.add("optimisation.max_grad_norm must be >= 0 (0 turns clipping off), got " + o.maxGradNorm());
        algorithmProblems(p);
        if (reward.terms().isEmpty()) p.add("reward.terms is empty: name at least one reward (see RewardRegistry for the names)");
        if (evaluation.every() < 0) p.add("evaluation.every must be >= 0 (0 turns evaluation off), got " + evaluation.every());
        if (evaluation.every() > 0) {
            positive(p, "evaluation.prompts", evaluation.prompts());
            positive(p, "evaluation.samples", evaluation.samples());
            if (evaluation.k() < 1 || evaluation.k() > evaluation.samples())
                p.add("evaluation.k (" + evaluation.k() + ") must be between 1 and evaluation.samples (" + evaluation.samples() + "); pass@k and maj@k need k of the n samples");
            for (String s : evaluation.splits())
                if (!s.equals("test") && !s.equals("ood")) p.add("evaluation.splits: '" + s + "' is not a labelled evaluation split; use test or ood");
        }
        if (run.completionsEvery() < 0) p.add("run.completions_every must be >= 0 (0 turns completion samples off), got " + run.completionsEvery());
        if (run.completionsEvery() > 0 && (run.completionsPrompts() < 1 || run.completionsPrompts() > r.promptsPerStep()))
            p.add("run.completions_prompts (" + run.completionsPrompts() + ") must be between 1 and rollout.prompts_per_step (" + r.promptsPerStep() + ")");
        return p;
    }

    /** The rules between method.algorithm, method.advantage and the algorithm's own keys. */
    private void algorithmProblems(List<String> p) {
        Algorithm a = method.algorithm();
        AdvantageKind k = method.advantage();
        String alg = a.name().toLowerCase(java.util.Locale.ROOT), adv = k.name().toLowerCase(java.util.Locale.ROOT);
        if (a == Algorithm.PPO && k != AdvantageKind.GAE)
            p.add("method.algorithm ppo estimates advantages with its value head; set method.advantage: gae (got " + adv + ")");
        if (k == AdvantageKind.GAE && a != Algorithm.PPO)
            p.add("method.advantage gae needs the value head of method.algorithm: ppo (got " + alg + "); use grpo, dr_grpo, rloo or reinforce_pp");
        if ((a == Algorithm.DPO || a == Algorithm.IPO || a == Algorithm.RFT) && k != AdvantageKind.GRPO)
            p.add("method.advantage (" + adv + ") is not used by method.algorithm " + alg + ", which trains on whole responses; remove the key");
        if (!(returns.gamma() >= 0 && returns.gamma() <= 1)) p.add("returns.gamma must be in [0, 1], got " + returns.gamma());
        if (!(returns.lambda() >= 0 && returns.lambda() <= 1)) p.add("returns.lambda must be in [0, 1], got " + returns.lambda());
        if (!(value.coef() >= 0)) p.add("value.coef must be >= 0, got " + value.coef());
        if (!(value.clip() > 0)) p.add("value.clip must be positive, got " + value.clip());
        if (!(preference.beta() > 0)) p.add("preference.beta must be positive, got " + preference.beta());
        if (!(preference.tau() > 0)) p.add("preference.tau must be positive, got " + preference.tau());
        if (!Double.isFinite(rejection.threshold())) p.add("rejection.threshold must be a finite number, got " + rejection.threshold());
        positive(p, "rejection.max_kept", rejection.maxKept());
    }

    private static void positive(List<String> p, String key, long value) {
        if (value < 1) p.add(key + " must be positive, got " + value);
    }

    /** Mini-batch sizes that are multiples of G and divide prompts x G. */
    private static List<Integer> validMiniBatches(int prompts, int groupSize) {
        List<Integer> out = new ArrayList<>();
        for (int d = 1; d <= prompts; d++) if (prompts % d == 0) out.add(d * groupSize);
        return out;
    }
}
