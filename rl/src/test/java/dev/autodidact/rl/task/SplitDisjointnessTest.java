package dev.autodidact.rl.task;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SplitDisjointnessTest {

    /** Generates per split under two seeds and proves no problem (by canonical id) is in two splits. */
    private static void assertDisjoint(Task task, int perSplit) {
        Map<Split, Set<String>> ids = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            Set<String> set = new HashSet<>();
            for (long seed : new long[] {1, 2}) {
                List<Problem> problems = task.generate(split, split == Split.TEST ? perSplit / 2 : perSplit, seed);
                for (Problem p : problems) {
                    assertEquals(split, p.prompt().split());
                    String canonical = p.prompt().id().substring(task.name().length() + 1);
                    assertEquals(split, task.splitOf(canonical, p.prompt().difficulty()), "split is a function of the canonical form");
                    set.add(p.prompt().id());
                }
                assertEquals(problems.size(), problems.stream().map(p -> p.prompt().id()).distinct().count(), "no repeats within a split");
            }
            ids.put(split, set);
        }
        for (Split a : Split.values())
            for (Split b : Split.values())
                if (a.compareTo(b) < 0) {
                    Set<String> both = new HashSet<>(ids.get(a));
                    both.retainAll(ids.get(b));
                    assertEquals(Set.of(), both, task.name() + ": " + a + " and " + b + " overlap");
                }
    }

    @Test
    void additionSplitsAreDisjointEvenWhenTheProblemSpaceIsNearlyExhausted() {
        // 2-digit sums have only 4,095 unordered operand pairs: the splits must still never share one
        AdditionTask small = new AdditionTask(List.of(2), List.of(3));
        assertDisjoint(small, 1000);
        assertDisjoint(AdditionTask.standard(), 800);
    }

    @Test
    void randomCalculationSplitsAreDisjoint() {
        RandomCalculationTask small = new RandomCalculationTask(List.of(1), List.of(2), 9);
        assertDisjoint(small, 100); // 10 x 4 x 10 expressions in distribution
        assertDisjoint(RandomCalculationTask.standard(), 600);
    }

    @Test
    void countdownSplitsAreDisjoint() {
        assertDisjoint(CountdownTask.standard(), 600);
    }

    @Test
    void commutedAndPermutedPromptsShareTheirSplit() {
        AdditionTask add = AdditionTask.standard();
        for (Problem p : add.generate(Split.TEST, 200, 4)) {
            String[] ab = p.prompt().text().replace("=", "").split("\\+");
            assertEquals("ADD:" + Math.min(Long.parseLong(ab[0]), Long.parseLong(ab[1])) + "+" + Math.max(Long.parseLong(ab[0]), Long.parseLong(ab[1])),
                    p.prompt().id());
        }
        for (Problem p : CountdownTask.standard().generate(Split.TEST, 200, 4)) {
            String[] parts = p.prompt().id().split(":")[1].split("\\|")[0].split(",");
            for (int i = 1; i < parts.length; i++) assertTrue(Integer.parseInt(parts[i - 1]) <= Integer.parseInt(parts[i]), p.prompt().id());
        }
    }

    @Test
    void splitProportionsAreRoughlyFortyFortyTwenty() {
        AdditionTask add = AdditionTask.standard();
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (int a = 100; a < 200; a++)
            for (int b = a; b < a + 50; b++) counts.merge(add.splitOf(a + "+" + b, 3), 1, Integer::sum);
        assertEquals(2000, counts.get(Split.TRAIN), 150);
        assertEquals(2000, counts.get(Split.UNLABELED), 150);
        assertEquals(1000, counts.get(Split.TEST), 120);
        assertEquals(Split.OOD, add.splitOf("12345+23456", 5));
        assertThrows(IllegalArgumentException.class, () -> add.splitOf("1+2", 1));
    }

    @Test
    void askingForMoreProblemsThanTheSplitHoldsFailsWithASentence() {
        RandomCalculationTask tiny = new RandomCalculationTask(List.of(1), List.of(2), 2); // 3 x 4 x 3 = 36 minus x/0
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tiny.generate(Split.TEST, 100, 1));
        assertTrue(e.getMessage().contains("distinct TEST problems"), e.getMessage());
    }
}
