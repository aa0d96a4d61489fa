package dev.autodidact.rl.task;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class TaskTextTest {

    @Test
    void everyPromptAndTraceUsesOnlyTheSharedVocabulary() {
        for (Task task : List.of(AdditionTask.standard(), RandomCalculationTask.standard(), CountdownTask.standard()))
            for (Split split : Split.values())
                for (Problem p : task.generate(split, 40, 5)) {
                    for (String text : List.of(task.renderPrompt(p.prompt()), task.trace(p).text(), task.noisyTrace(p, 0.3, 1).text(), p.gold()))
                        assertEquals(Optional.empty(), Format.outOfVocabulary(text), task.name() + ": " + text);
                    for (String step : task.trace(p).steps()) assertFalse(step.contains(";"), step);
                }
    }

    @Test
    void theVocabularyCheckNamesTheFirstStrangeCharacter() {
        assertEquals(Optional.of("!"), Format.outOfVocabulary("<think>22!=24</think>"));
        assertEquals(Optional.of("A"), Format.outOfVocabulary("<c3>A"));
        assertEquals(Optional.empty(), Format.outOfVocabulary("<bos>1+2=<think>1+2=3 c0;</think><ans>3</ans><eos>"));
        assertEquals(41, Format.SPECIAL_TOKENS.size(), "17 named, <s0>..<s5>, <c0>..<c9>, <r0>..<r7>");
    }

    @Test
    void answersToleratingWhitespaceOfAnyKind() {
        Prompt p = new Prompt("RANDCALC", "RANDCALC:1+2", "1+2=", Split.TEST, 1, java.util.Map.of("ops", "+", "operands", "1,2"));
        Answer a = RandomCalculationTask.standard().extract(p, "<ans>\t3\n</ans>");
        assertEquals("3", ((Answer.Valid) a).value().toString());
    }
}
