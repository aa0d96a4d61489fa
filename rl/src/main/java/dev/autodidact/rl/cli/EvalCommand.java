package dev.autodidact.rl.cli;

import dev.autodidact.rl.experiment.TaskRegistry;
import dev.autodidact.rl.task.Split;
import dev.autodidact.rl.task.Task;
import dev.autodidact.rl.train.PolicyEvaluation;
import dev.autodidact.rl.train.RlRun;
import dev.autodidact.transformer.Transformer;
import dev.autodidact.transformer.checkpoint.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code autodidact eval MODEL}: held-out accuracy metrics of a checkpoint, a run's latest checkpoint, or a noisy-teacher base. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a policy on held-out labelled prompts.", "",
                "MODEL is a checkpoint directory, a run directory (its latest checkpoint), or 'noisy-teacher[:settings]' "
                        + "(the cached base, trained first if needed). Prints acc_greedy, pass@1, pass@k, maj@k, mean_len, null_rate, "
                        + "the token entropy and self-certainty of the samples, and the calibration (ECE, Brier, AUROC) of the "
                        + "majority vote's share and of each sample's mean token probability, per split."})
final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = ModelArgument.DESCRIPTION)
    String model;

    @Option(names = "--task", paramLabel = "NAME", defaultValue = "add3", description = "task (default ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--split", paramLabel = "SPLIT", description = "test or ood (repeatable; default test)")
    List<String> splits = new ArrayList<>();

    @Option(names = "--prompts", defaultValue = "100", description = "prompts per split (default ${DEFAULT-VALUE})")
    int prompts;

    @Option(names = "--samples", defaultValue = "8", description = "samples per prompt at T = 1 (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--k", defaultValue = "8", description = "k of pass@k and maj@k (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "token cap per completion (default ${DEFAULT-VALUE})")
    int maxNewTokens;

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    BasesOption bases;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (k < 1 || samples < k || prompts < 1)
            throw new IllegalArgumentException("need --prompts >= 1 and 1 <= --k <= --samples, got prompts " + prompts + ", samples " + samples + ", k " + k);
        Task t = TaskRegistry.task(task);
        var out = spec.commandLine().getOut();
        Path dir = ModelArgument.checkpoint(model, t, bases.dir, out);
        Checkpoint c = Checkpoint.load(dir);
        Transformer policy = RlRun.load(c);   // with the value head a PPO checkpoint carries
        out.println("model: " + dir);
        for (String split : splits.isEmpty() ? List.of("test") : splits) {
            Split s = Split.valueOf(split.toUpperCase(Locale.ROOT));
            if (s != Split.TEST && s != Split.OOD) throw new IllegalArgumentException("--split must be test or ood (labelled held-out splits), got '" + split + "'");
            Map<String, Double> m = PolicyEvaluation.evaluate(policy, c.tokenizer(), t, task, s, prompts, samples, k, maxNewTokens, seed);
            m.forEach((key, v) -> out.println(String.format(Locale.ROOT, "%-40s %.4f", key, v)));
        }
        out.flush();
        return 0;
    }
}
