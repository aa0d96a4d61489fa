package dev.autodidact.rl.experiment;

/** Escaping for text placed in HTML or SVG (element content and quoted attributes). */
public final class Html {
    private Html() {}

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    // control characters other than tab/newline/CR are not allowed in XML 1.0
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') sb.append("\\u").append(String.format("%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
