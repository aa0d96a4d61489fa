package dev.autodidact.rl.reward;

import dev.autodidact.rl.task.AdditionTask;
import dev.autodidact.rl.task.Problem;
import dev.autodidact.rl.task.Prompt;
import dev.autodidact.rl.task.Split;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Test groups for the ADD prompt 2+3=: answers given as text, {@code null} meaning no answer tag. */
final class Groups {
    static final AdditionTask ADD = AdditionTask.standard();
    static final Prompt PROMPT = new Prompt("ADD", "ADD:2+3", "2+3=", Split.TEST, 1, Map.of("a", "2", "b", "3"));
    static final Problem PROBLEM = new Problem(PROMPT, "5");

    private Groups() {}

    static String completion(String answer) {
        return answer == null ? "<think>2+3=5 c0;</think>" : "<think>2+3=5 c0;</think><ans>" + answer + "</ans><eos>";
    }

    static Group of(long step, int promptIndex, String... answers) {
        List<String> completions = Arrays.stream(answers).map(Groups::completion).toList();
        return Group.of(ADD, PROMPT, completions, step, promptIndex);
    }

    static Group of(String... answers) {
        return of(0, 0, answers);
    }
}
