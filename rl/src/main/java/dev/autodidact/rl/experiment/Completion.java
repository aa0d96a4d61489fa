package dev.autodidact.rl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.transformer.monitor.JsonLines;
import dev.autodidact.transformer.monitor.MetricsRow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sampled completion as written to {@code completions.jsonl}.
 *
 * @param step       the RL step it was sampled at
 * @param group      the prompt's index in the step's batch
 * @param sample     the completion's index in its group
 * @param prompt     the prompt text
 * @param completion the generated text
 * @param answer     the extracted answer as text ("" when there is none)
 * @param reward     the total reward
 * @param rewards    each reward term's value, by term name
 * @param advantage  the advantage it was trained with
 */
public record Completion(long step, int group, int sample, String prompt, String completion, String answer, double reward,
                         Map<String, Double> rewards, double advantage) {
    public Completion {
        if (prompt == null || completion == null || answer == null)
            throw new IllegalArgumentException("completion: prompt, completion and answer must be non-null (use \"\")");
        rewards = Collections.unmodifiableMap(new LinkedHashMap<>(rewards));
    }

    ObjectNode toJson() {
        ObjectNode o = JsonLines.JSON.createObjectNode();
        o.put("step", step);
        o.put("group", group);
        o.put("sample", sample);
        o.put("prompt", prompt);
        o.put("completion", completion);
        o.put("answer", answer);
        MetricsRow.putNumber(o, "reward", reward);
        ObjectNode r = o.putObject("rewards");
        rewards.forEach((k, v) -> MetricsRow.putNumber(r, k, v));
        MetricsRow.putNumber(o, "advantage", advantage);
        return o;
    }

    static Completion fromJson(JsonNode o, String source) {
        String where = source + ": completion " + o.path("step").asText() + "/" + o.path("group").asText() + "/" + o.path("sample").asText();
        for (String f : new String[] {"step", "group", "sample", "prompt", "completion", "reward"})
            if (!o.has(f)) throw new IllegalArgumentException(where + " has no \"" + f + "\"");
        Map<String, Double> rewards = new LinkedHashMap<>();
        o.path("rewards").properties().forEach(e -> rewards.put(e.getKey(), MetricsRow.number(e.getValue(), where + " reward '" + e.getKey() + "'")));
        return new Completion(o.get("step").asLong(), o.get("group").asInt(), o.get("sample").asInt(), o.get("prompt").asText(),
                o.get("completion").asText(), o.path("answer").asText(""), MetricsRow.number(o.get("reward"), where + " reward"), rewards,
                o.has("advantage") ? MetricsRow.number(o.get("advantage"), where + " advantage") : Double.NaN);
    }
}
