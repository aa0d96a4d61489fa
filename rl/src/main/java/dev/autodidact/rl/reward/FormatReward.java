package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.Format;

/**
 * 1 when a completion has the response layout ({@code <think>…</think><ans>…</ans>}) and a
 * readable answer, else 0; label-free, and the "format-only" spurious control of
 * algorithms-text §15.k.
 */
public final class FormatReward implements SelfReward {

    @Override
    public String name() {
        return "format";
    }

    @Override
    public double[] rewards(Group g) {
        double[] r = new double[g.size()];
        for (int i = 0; i < r.length; i++) r[i] = Format.wellFormed(g.completions().get(i)) && g.answers().get(i).isValid() ? 1 : 0;
        return r;
    }
}
