package dev.autodidact.transformer.demo;

import dev.autodidact.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AdditionTaskTest {

    @Test
    void traceFollowsTheTestbedFormat() {
        var e = AdditionTask.example(new AdditionTask.Problem(347, 589), 3);
        assertEquals("<bos>347+589=", e.prompt());
        assertEquals("<think>7+9=16 c1;4+8+1=13 c1;3+5+1=9 c0;</think><ans>936</ans><eos>", e.response());
        assertEquals("<think>1+2=3 c0;0+0=0 c0;1+1=2 c0;</think><ans>203</ans><eos>",
                AdditionTask.example(new AdditionTask.Problem(101, 102), 3).response());
    }

    @Test
    void operandsHaveExactlyDDigitsAndAnswersParse() {
        Rng r = Rng.of(1);
        for (int i = 0; i < 1000; i++) {
            var p = AdditionTask.draw(r, 3);
            assertTrue(p.a() >= 100 && p.a() <= 999 && p.b() >= 100 && p.b() <= 999);
        }
        assertEquals("936", AdditionTask.answer("<think>x;</think><ans>936</ans><eos>").orElseThrow());
        assertTrue(AdditionTask.answer("<think>x;</think><ans>93").isEmpty());
    }
}
