package dev.autodidact.rl.reward;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks shared by the two weighted combinations: names, weights and reward vectors. */
final class Terms {
    private Terms() {}

    static void checkNamesAndWeights(String combination, List<String> names, double[] weights) {
        if (names.isEmpty()) throw new IllegalArgumentException(combination + ": a combination needs at least one reward term");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n.isEmpty() || n.equals("total")) throw new IllegalArgumentException(combination + ": term name '" + n + "' is reserved or empty");
            if (!seen.add(n)) throw new IllegalArgumentException(combination + ": two terms are named '" + n + "'; metrics would collide");
            if (!Double.isFinite(weights[i])) throw new IllegalArgumentException(combination + ": term '" + n + "' has weight " + weights[i]);
        }
    }

    static void checkRewards(String name, double[] r, int groupSize, String promptId) {
        if (r.length != groupSize)
            throw new IllegalStateException("reward '" + name + "' returned " + r.length + " rewards for the " + groupSize + " completions of " + promptId);
        for (int i = 0; i < r.length; i++)
            if (!Double.isFinite(r[i])) throw new IllegalStateException("reward '" + name + "' gave " + r[i] + " to completion " + i + " of " + promptId);
    }
}
