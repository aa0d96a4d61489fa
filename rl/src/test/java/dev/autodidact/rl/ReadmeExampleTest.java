package dev.autodidact.rl;

import dev.autodidact.rl.advantage.Grpo;
import dev.autodidact.rl.loss.PolicyLoss;
import dev.autodidact.rl.metrics.PassAtK;
import dev.autodidact.rl.reward.Group;
import dev.autodidact.rl.reward.MajorityVoteReward;
import dev.autodidact.rl.reward.RewardBreakdown;
import dev.autodidact.rl.reward.RewardSlot;
import dev.autodidact.rl.task.AdditionTask;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Split;
import dev.autodidact.rl.task.Task;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** The example of rl/README.md, kept compiling and true. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRuns() {
        Task add = AdditionTask.standard();
        Problem p = add.generate(Split.UNLABELED, 100, 42).getFirst();
        // stand-in for 8 policy samples: noisy-teacher traces (right in the majority, wrong now and then)
        List<String> samples = IntStream.range(0, 8).mapToObj(s -> add.noisyTrace(p, 0.15, s).text()).toList();
        Group group = Group.of(add, p.prompt(), samples, /* step */ 0, /* prompt index */ 0);
        RewardSlot.LabelFree slot = RewardSlot.labelFree(new MajorityVoteReward());
        RewardBreakdown rewards = slot.score(group);                   // 1 for agreeing with the majority
        double[] advantages = Grpo.advantages(rewards.total());         // (r - mean) / (std + 1e-6)
        int[] lengths = samples.stream().mapToInt(String::length).toArray();
        double[][] logp = PolicyLoss.broadcast(new double[8], lengths); // on-policy: logp = logp_old = logp_ref
        double loss = PolicyLoss.compute(PolicyLoss.broadcast(advantages, lengths), logp, logp, logp, PolicyLoss.Config.grpo(0.01)).loss();
        double passAt4 = PassAtK.estimate(8, (int) samples.stream().filter(s -> add.isCorrect(p, add.extract(p.prompt(), s))).count(), 4);

        assertEquals(8, rewards.total().length);
        assertTrue(Double.isFinite(loss));
        assertTrue(passAt4 >= 0 && passAt4 <= 1);
        assertEquals(0, java.util.Arrays.stream(advantages).sum(), 1e-9, "group-normalised advantages sum to zero");
    }
}
