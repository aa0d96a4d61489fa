package dev.autodidact.tokenizer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every text layout the recipes feed the model, in one place, so that supervised data, RL
 * prompts and judge prompts cannot drift apart (algorithms-text.md, C.1 and the tiny-model
 * adaptations of the judge and LeaP recipes).
 *
 * <pre>
 * task prompt      &lt;bos&gt;347+589=
 * response         &lt;think&gt;7+9=16 c1;4+8+1=13 c1;3+5+1=9 c0;&lt;/think&gt;&lt;ans&gt;936&lt;/ans&gt;&lt;eos&gt;
 * direct response  &lt;nothink&gt;&lt;ans&gt;936&lt;/ans&gt;&lt;eos&gt;
 * judge prompt     &lt;bos&gt;&lt;judge&gt; 347+589= | &lt;think&gt;...&lt;/think&gt;&lt;ans&gt;936&lt;/ans&gt; |
 * verdict          &lt;think&gt;RATIONALE&lt;/think&gt;&lt;ans&gt;&lt;s4&gt;&lt;/ans&gt;&lt;eos&gt;
 * peer summaries   &lt;peer&gt; 13 c1 | 13 c1 | 12 c1 &lt;/peer&gt;
 * conversation     &lt;bos&gt;&lt;user&gt;347+589=&lt;eos&gt;&lt;assistant&gt;
 * image prompt     &lt;bos&gt;&lt;image&gt;&lt;image&gt;...&lt;image&gt;how many circles?
 * </pre>
 *
 * Each step of a trace ends with {@code ;} so that process-reward methods can count steps.
 * Sequence markers ({@code <bos>}, {@code <eos>}) belong to whole sequences; when a prompt or
 * response is quoted inside a judge prompt they are stripped from it.
 */
public final class PromptFormat {

    /** Separates the quoted fields of judge prompts and peer summaries. */
    public static final String FIELD_SEPARATOR = " | ";
    /** Ends every reasoning step. */
    public static final String STEP_END = ";";

    private PromptFormat() {
    }

    /** The prompt of a task: {@code <bos>} then the question, which the model continues. */
    public static String task(String question) {
        return Markers.BOS + question;
    }

    /** A task prompt tagged with a surface-variant marker (Co-Reward): {@code <bos><v1>question}. */
    public static String variantTask(int variant, String question) {
        String marker = switch (variant) {
            case 1 -> Markers.VARIANT_1;
            case 2 -> Markers.VARIANT_2;
            default -> throw new IllegalArgumentException("surface variant " + variant + " is not 1 or 2");
        };
        return Markers.BOS + marker + question;
    }

    /** A reasoning response: each step followed by {@code ;} inside the think span, then the answer. */
    public static String response(List<String> steps, String answer) {
        StringBuilder text = new StringBuilder(Markers.THINK);
        for (String step : steps) {
            if (step.contains(STEP_END)) {
                throw new IllegalArgumentException("step \"" + step + "\" contains the step separator '" + STEP_END
                        + "', which would make it count as two steps");
            }
            text.append(step).append(STEP_END);
        }
        return text.append(Markers.END_THINK).append(answerSpan(answer)).append(Markers.EOS).toString();
    }

    /** A response without reasoning (AutoThink's no-think path). */
    public static String directResponse(String answer) {
        return Markers.NO_THINK + answerSpan(answer) + Markers.EOS;
    }

    /** {@code <ans>answer</ans>}. */
    public static String answerSpan(String answer) {
        return Markers.ANS + answer + Markers.END_ANS;
    }

    /**
     * A judge prompt over a task prompt and one response: {@code <bos><judge> PROMPT | RESPONSE | },
     * which the model continues with its verdict.
     */
    public static String judge(String prompt, String response) {
        return judge(List.of(prompt, response));
    }

    /**
     * A judge prompt over any fields (a prompt alone for feasibility judgements; prompt, prefix and
     * step for step critics), each followed by the separator.
     */
    public static String judge(List<String> fields) {
        StringBuilder text = new StringBuilder(Markers.BOS).append(Markers.JUDGE).append(' ');
        for (String field : fields) {
            text.append(body(field)).append(FIELD_SEPARATOR);
        }
        // The last separator's trailing space is kept: the verdict follows " | ".
        return text.toString();
    }

    /** A judge's verdict with a rationale: {@code <think>rationale</think><ans>marker</ans><eos>}. */
    public static String verdict(String rationale, String verdictMarker) {
        return Markers.THINK + rationale + Markers.END_THINK + answerSpan(verdictMarker) + Markers.EOS;
    }

    /** A judge's verdict without a rationale: {@code <ans>marker</ans><eos>}. */
    public static String verdict(String verdictMarker) {
        return answerSpan(verdictMarker) + Markers.EOS;
    }

    /** Peer summaries for LeaP: {@code <peer> a | b | c </peer>}. */
    public static String peers(List<String> summaries) {
        return Markers.PEER + ' ' + String.join(FIELD_SEPARATOR, summaries) + ' ' + Markers.END_PEER;
    }

    /**
     * A multi-turn prompt: {@code <bos>}, then each turn as its role marker, its text and
     * {@code <eos>}; then, when {@code next} is given, that role's marker alone, so that the model
     * speaks the next turn and ends it with {@code <eos>}.
     */
    public static String conversation(List<Turn> turns, Optional<Role> next) {
        StringBuilder text = new StringBuilder(Markers.BOS);
        for (Turn turn : turns) {
            text.append(turn.role().marker()).append(turn.text()).append(Markers.EOS);
        }
        next.ifPresent(role -> text.append(role.marker()));
        return text.toString();
    }

    /**
     * A prompt for the vision model: {@code <bos>}, one {@code <image>} placeholder per image
     * patch (the projector puts the patch embeddings at exactly those positions), then the question.
     */
    public static String imagePrompt(int imageTokens, String question) {
        if (imageTokens < 1) {
            throw new IllegalArgumentException("an image prompt needs at least one image token, not " + imageTokens);
        }
        return Markers.BOS + Markers.IMAGE.repeat(imageTokens) + Objects.requireNonNull(question);
    }

    /** {@code sequence} without a leading {@code <bos>} or a trailing {@code <eos>}. */
    public static String body(String sequence) {
        String body = sequence.startsWith(Markers.BOS) ? sequence.substring(Markers.BOS.length()) : sequence;
        return body.endsWith(Markers.EOS) ? body.substring(0, body.length() - Markers.EOS.length()) : body;
    }
}
