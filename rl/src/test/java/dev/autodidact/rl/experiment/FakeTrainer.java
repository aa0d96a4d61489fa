package dev.autodidact.rl.experiment;

import dev.autodidact.autograd.nn.State;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tokenizer.CharTokenizer;
import dev.autodidact.transformer.ModelConfig;
import dev.autodidact.transformer.ParameterNames;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import dev.autodidact.transformer.checkpoint.TrainerState;
import dev.autodidact.transformer.monitor.Progress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in for the training loop: deterministic metrics from (seed, step), completions with
 * markup to escape, and real (tiny) checkpoints carrying the trainer state, driven through
 * {@link Experiment} exactly as the real trainer will.
 */
final class FakeTrainer {
    static final ModelConfig CONFIG = ModelConfig.gpt2Style(12, 16, 2, 2, 8);
    static final CharTokenizer TOKENIZER = CharTokenizer.of("abcdefgh", List.of("<eos>"));

    private FakeTrainer() {}

    static double reward(long seed, long step) {
        return 0.5 + 0.1 * seed + 0.01 * step;
    }

    static Map<String, Double> metrics(long seed, long step, boolean eval) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("reward/mean", reward(seed, step));
        m.put("policy/kl_ref", 0.001 * step);
        m.put("policy/entropy", 1.0 - 0.01 * step);
        m.put("completion/len_mean", 20.0 + step);
        if (eval) m.put("eval/add/pass@1", 0.4 + 0.1 * seed + 0.02 * step);
        return m;
    }

    static Checkpoint checkpoint(long step) {
        Map<String, Tensor> p = new LinkedHashMap<>();
        for (String n : ParameterNames.of(CONFIG)) p.put(n, Tensor.zeros(ParameterNames.shape(CONFIG, n)));
        return new Checkpoint(CONFIG, new State(p, Map.of()), TOKENIZER, Optional.empty(),
                Optional.of(new TrainerState(step, new long[] {step * 31}, step * 8, Map.of())));
    }

    /** Runs the recipe in {@code dir}; with {@code crashAfter} below the step count, stops there without finishing (a crash). */
    static Optional<Summary> train(Recipe recipe, RunDirectory dir, boolean resume, long crashAfter) throws IOException {
        long seed = recipe.run().seed();
        try (Experiment exp = Experiment.start(recipe, dir, resume, Progress.silent(), () -> 1_700_000_000.0)) {
            if (resume && exp.resumeCheckpoint().isPresent()) {
                TrainerState state = Checkpoint.load(exp.resumeCheckpoint().get()).trainer().orElseThrow();
                if (state.step() != exp.startStep()) throw new AssertionError("resumed at " + exp.startStep() + " but the checkpoint is at " + state.step());
            }
            for (long step = exp.startStep() + 1; step <= recipe.run().steps(); step++) {
                exp.log(step, metrics(seed, step, exp.evaluationDue(step)));
                if (exp.completionsDue(step)) {
                    List<Completion> cs = new ArrayList<>();
                    for (int i = 0; i < 2; i++)
                        cs.add(new Completion(step, 0, i, "12+34=", "<think>2+4=6 c0;</think><script>alert(1)</script><ans>46</ans>", "46", 1,
                                Map.of("majority_vote", 1.0), 0.0));
                    exp.logCompletions(cs);
                }
                if (step == 3) exp.warn(step, "40% of the 8 groups have all-equal rewards");
                if (exp.checkpointDue(step)) exp.checkpoint(step, checkpoint(step));
                if (step == crashAfter) return Optional.empty();
            }
            return Optional.of(exp.finish());
        }
    }
}
