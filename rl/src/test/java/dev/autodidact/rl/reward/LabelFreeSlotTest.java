package dev.autodidact.rl.reward;

import org.junit.jupiter.api.Test;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LabelFreeSlotTest {

    /** Compiles one source file against the rl classes; returns the error messages (empty when it compiles). */
    private static List<String> compile(String className, String source) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        String classes = new File(SelfReward.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        Path out = Files.createTempDirectory("slot");
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-classpath", classes, "-d", out.toString(), "-proc:none"), null, List.of(file)).call();
        List<String> errors = diagnostics.getDiagnostics().stream().map(d -> d.getMessage(null)).toList();
        assertEquals(ok, errors.isEmpty() || diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR));
        return ok ? List.of() : errors;
    }

    private static final String IMPORTS = "import dev.autodidact.rl.reward.*; import dev.autodidact.rl.task.*;\n";

    @Test
    void aVerifierInALabelFreeSlotDoesNotCompile() throws Exception {
        assertEquals(List.of(), compile("Ok", IMPORTS
                + "class Ok { RewardSlot s = RewardSlot.labelFree(WeightedSelfReward.of(\"m\", new MajorityVoteReward(), 1.0, new FormatReward(), 0.1)); }"));
        List<String> errors = compile("Bad", IMPORTS
                + "class Bad { RewardSlot s = RewardSlot.labelFree(new ExactMatchVerifier(AdditionTask.standard())); }");
        assertFalse(errors.isEmpty(), "a Verifier must not be accepted where a SelfReward is expected");
        assertTrue(errors.getFirst().contains("ExactMatchVerifier") && errors.getFirst().contains("SelfReward"), errors.toString());
        assertFalse(compile("BadMix", IMPORTS
                + "class BadMix { Object m = new WeightedSelfReward.Term(new ExactMatchVerifier(AdditionTask.standard()), 1.0); }").isEmpty());
    }

    /** A reward that claims to be label-free while also reading labels. */
    private static final class Sneaky implements SelfReward, Verifier {
        public String name() {
            return "sneaky";
        }

        public double[] rewards(Group g) {
            return new double[g.size()];
        }

        public double[] rewards(LabelledGroup g) {
            return new double[g.size()];
        }
    }

    @Test
    void aRewardThatIsAlsoAVerifierIsRejectedWhenTheSlotIsBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RewardSlot.labelFree(new Sneaky()));
        assertTrue(e.getMessage().contains("reward 'sneaky' implements Verifier"), e.getMessage());
        IllegalArgumentException inMix = assertThrows(IllegalArgumentException.class,
                () -> WeightedSelfReward.of("m", new FormatReward(), 1, new Sneaky(), 1));
        assertTrue(inMix.getMessage().contains("term 'sneaky' is a Verifier"), inMix.getMessage());
    }

    @Test
    void slotsScoreWithBreakdowns() {
        RewardSlot.LabelFree slot = RewardSlot.labelFree(new MajorityVoteReward());
        assertEquals(0.5, slot.score(Groups.of("5", "5", "7", null)).means().get("majority_vote"));
        RewardSlot.Supervised gt = RewardSlot.supervised(new ExactMatchVerifier(Groups.ADD));
        assertEquals(0.25, gt.score(new LabelledGroup(Groups.of("5", "6", "7", null), Groups.PROBLEM)).means().get("total"));
    }
}
