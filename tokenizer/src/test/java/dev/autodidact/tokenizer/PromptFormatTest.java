package dev.autodidact.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromptFormatTest {

    private final CharTokenizer tasks = CharTokenizer.forTasks();

    @Test
    void taskAndResponseFollowTheTestbedExample() {
        assertEquals("<bos>347+589=", PromptFormat.task("347+589="));
        assertEquals("<think>7+9=16 c1;4+8+1=13 c1;3+5+1=9 c0;</think><ans>936</ans><eos>",
                PromptFormat.response(List.of("7+9=16 c1", "4+8+1=13 c1", "3+5+1=9 c0"), "936"));
        assertEquals("<nothink><ans>936</ans><eos>", PromptFormat.directResponse("936"));
        assertEquals("<bos><v2>1+1=", PromptFormat.variantTask(2, "1+1="));
    }

    @Test
    void aStepContainingTheSeparatorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PromptFormat.response(List.of("1+1=2;2+2=4"), "4"));
    }

    @Test
    void judgePromptQuotesBodiesWithoutSequenceMarkers() {
        String response = PromptFormat.response(List.of("1+2=3 c0"), "3");
        assertEquals("<bos><judge> 1+2= | <think>1+2=3 c0;</think><ans>3</ans> | ",
                PromptFormat.judge(PromptFormat.task("1+2="), response));
        assertEquals("<bos><judge> 12+34= | ", PromptFormat.judge(List.of("12+34=")));
        assertEquals("<think>ok</think><ans><s4></ans><eos>", PromptFormat.verdict("ok", Markers.score(4)));
        assertEquals("<ans><yes></ans><eos>", PromptFormat.verdict(Markers.YES));
    }

    @Test
    void peerSummariesMatchTheLeapLayout() {
        assertEquals("<peer> 13 c1 | 13 c1 | 12 c1 </peer>", PromptFormat.peers(List.of("13 c1", "13 c1", "12 c1")));
    }

    @Test
    void conversationEndsEachTurnWithEosAndOpensTheNextRole() {
        String text = PromptFormat.conversation(List.of(Turn.user("1+2="), Turn.assistant("3")), Optional.of(Role.JUDGE));
        assertEquals("<bos><user>1+2=<eos><assistant>3<eos><judge>", text);
        int[] ids = tasks.encode(text);
        assertEquals(tasks.specialId(Markers.JUDGE), ids[ids.length - 1]);
        assertEquals(2, Arrays.stream(ids).filter(id -> id == tasks.eos()).count());
    }

    @Test
    void imagePromptHasOnePlaceholderIdPerPatch() {
        int[] ids = tasks.encode(PromptFormat.imagePrompt(16, "how many?"));
        int image = tasks.specialId(Markers.IMAGE);
        assertEquals(16, Arrays.stream(ids).filter(id -> id == image).count());
        assertEquals(image, ids[1]);
        assertEquals(image, ids[16]);
        assertThrows(IllegalArgumentException.class, () -> PromptFormat.imagePrompt(0, "x"));
    }

    @Test
    void everyFormatEncodesWithTheTaskTokenizer() {
        for (String text : List.of(PromptFormat.task("(3*4)-5="), PromptFormat.response(List.of("3*4=12", "12-5=7"), "7"),
                PromptFormat.judge("1+1=", "<ans>2</ans>"), PromptFormat.verdict(Markers.confidence(7)),
                PromptFormat.response(List.of(Markers.WAIT + " recheck 1+1=2"), Markers.IDK))) {
            assertEquals(text, tasks.decode(tasks.encode(text)));
        }
    }
}
