package dev.autodidact.rl.experiment;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Structural checks of a generated HTML page: balanced elements, no stray markup, nothing fetched from elsewhere. */
final class HtmlCheck {
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\\s+[a-zA-Z][a-zA-Z0-9:-]*=\"[^\"<>]*\")*)\\s*(/?)>");
    private static final Set<String> VOID = Set.of("meta", "br", "hr", "img", "input", "link");

    private HtmlCheck() {}

    static void wellFormed(String html) {
        assertTrue(html.startsWith("<!DOCTYPE html>\n"), "doctype first");
        String body = html.substring("<!DOCTYPE html>\n".length());
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(body);
        StringBuilder text = new StringBuilder();
        int last = 0;
        while (m.find()) {
            text.append(body, last, m.start());
            last = m.end();
            String name = m.group(2).toLowerCase();
            if (!m.group(1).isEmpty()) {
                assertFalse(open.isEmpty(), "closing </" + name + "> with nothing open");
                assertEquals(open.pop(), name, "mismatched </" + name + ">");
            } else if (m.group(4).isEmpty() && !VOID.contains(name)) {
                open.push(name);
            }
        }
        text.append(body.substring(last));
        assertTrue(open.isEmpty(), "unclosed elements: " + open);
        String t = text.toString();
        int lt = t.indexOf('<'), gt = t.indexOf('>');
        assertEquals(-1, lt, () -> "a '<' outside any tag (markup not escaped): " + t.substring(Math.max(0, lt - 80), Math.min(t.length(), lt + 80)));
        assertEquals(-1, gt, () -> "a '>' outside any tag (markup not escaped): " + t.substring(Math.max(0, gt - 80), Math.min(t.length(), gt + 80)));
        assertFalse(html.contains(" src="), "self-contained: nothing is loaded from elsewhere");
        assertFalse(html.contains("<link"), "self-contained: no linked stylesheets");
        assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains("http"), "self-contained: no URLs");
    }
}
