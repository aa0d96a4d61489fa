package dev.autodidact.rl.experiment;

import dev.autodidact.rl.task.AdditionTask;
import dev.autodidact.rl.task.CountdownTask;
import dev.autodidact.rl.task.RandomCalculationTask;
import dev.autodidact.rl.task.Task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The task names a recipe's {@code task.name} may use, each in its standard configuration. */
public final class TaskRegistry {
    private static final Map<String, Supplier<Task>> TASKS = new LinkedHashMap<>();

    static {
        TASKS.put("add", AdditionTask::standard);
        // ADD-3 alone (OOD ADD-4): the §C.4 base statistics and the demo are stated on ADD-3.
        TASKS.put("add3", () -> new AdditionTask(java.util.List.of(3), java.util.List.of(4)));
        TASKS.put("randcalc", RandomCalculationTask::standard);
        TASKS.put("countdown", CountdownTask::standard);
    }

    private TaskRegistry() {}

    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(TASKS.keySet());
    }

    /** The task called {@code name}; an unknown name fails with the known ones and a suggestion. */
    public static Task task(String name) {
        Supplier<Task> s = TASKS.get(name);
        if (s == null) {
            String hint = Suggest.closest(name, TASKS.keySet()).map(k -> "; did you mean '" + k + "'?").orElse("");
            throw new IllegalArgumentException("unknown task '" + name + "'" + hint + " (known tasks: " + String.join(", ", TASKS.keySet()) + ")");
        }
        return s.get();
    }
}
