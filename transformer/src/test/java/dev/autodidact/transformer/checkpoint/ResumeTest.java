package dev.autodidact.transformer.checkpoint;

import dev.autodidact.autograd.nn.Parameter;
import dev.autodidact.autograd.optim.AdamW;
import dev.autodidact.autograd.optim.ParamGroup;
import dev.autodidact.autograd.optim.Schedule;
import dev.autodidact.tensor.Tensor;
import dev.autodidact.tensor.random.Rng;
import dev.autodidact.transformer.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.autodidact.transformer.checkpoint.CheckpointTest.TOKENIZER;
import static dev.autodidact.transformer.checkpoint.CheckpointTest.parameters;
import static dev.autodidact.transformer.checkpoint.RawFiles.assertSameTensors;
import static dev.autodidact.transformer.checkpoint.RawFiles.random;
import static org.junit.jupiter.api.Assertions.*;

/** Training N steps equals training N/2, checkpointing, loading into fresh objects and training N/2 more, bit for bit. */
class ResumeTest {
    static final ModelConfig CONFIG = ModelConfig.llamaStyle(12, 16, 1, 4, 2, 8);

    @TempDir
    Path root;

    /** A run: AdamW over the config's parameters, fed gradients that depend only on the step and a generator the run owns. */
    private static final class Run {
        final Map<String, Parameter> params = new LinkedHashMap<>();
        final AdamW adamw;
        Rng rng;
        long step;

        Run(Map<String, Tensor> values, Rng rng) {
            values.forEach((k, v) -> params.put(k, new Parameter(k, Parameter.Role.WEIGHT, v)));
            adamw = new AdamW(ParamGroup.single(params, 1e-2, 0.1), Schedule.cosine(2, 8, 0.1));
            this.rng = rng;
        }

        void train(int steps) {
            for (int s = 0; s < steps; s++) {
                adamw.zeroGrad();
                long salt = rng.nextLong();
                for (var e : params.entrySet()) {
                    e.getValue().var().accumulate(random(new SplittableRandom(salt ^ e.getKey().hashCode()), e.getValue().shape()));
                }
                adamw.step();
                step++;
            }
        }

        Map<String, Tensor> values() {
            Map<String, Tensor> out = new LinkedHashMap<>();
            params.forEach((k, p) -> out.put(k, p.value().copy()));
            return out;
        }
    }

    @Test
    void eightStepsEqualFourThenResumeThenFour() throws IOException {
        Map<String, Tensor> init = parameters(CONFIG, 21);
        Run straight = new Run(init, Rng.of(5));
        straight.train(8);

        Run first = new Run(init, Rng.of(5));
        first.train(4);
        Path dir = root.resolve("step-4");
        Checkpoint.of(CONFIG, first.values(), TOKENIZER)
                .withOptimizer(first.adamw.state())
                .withTrainer(new TrainerState(first.step, first.rng.state(), 0, Map.of()))
                .save(dir);

        Checkpoint c = Checkpoint.load(dir);
        Run resumed = new Run(c.parameters(), Rng.fromState(c.trainer().orElseThrow().rngState()));
        resumed.adamw.load(c.optimizer().orElseThrow());
        resumed.step = c.trainer().orElseThrow().step();
        assertEquals(4, resumed.adamw.steps());
        resumed.train(4);

        assertEquals(straight.step, resumed.step);
        assertSameTensors(straight.values(), resumed.values());
    }
}
