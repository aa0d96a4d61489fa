package dev.autodidact.tokenizer;

import java.util.Arrays;

/**
 * GPT-2's reversible map from the 256 byte values to printable characters, which lets byte-level
 * BPE vocabularies be stored as ordinary strings (a space byte shows up as {@code Ġ}).
 *
 * <p>Bytes that are printable in Latin-1 ({@code !..~}, {@code ¡..¬}, {@code ®..ÿ}) stand for
 * themselves; the other 68 are given the characters U+0100 onwards, in byte order.
 */
public final class ByteLevel {

    private static final char[] CHAR_OF_BYTE = new char[256];
    /** The 256 stand-in characters in code point order. */
    private static final char[] ALPHABET = new char[256];
    /** Inverse table over U+0000..U+0143, -1 for characters that stand for no byte. */
    private static final int[] BYTE_OF_CHAR = new int[0x144];

    static {
        Arrays.fill(BYTE_OF_CHAR, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            CHAR_OF_BYTE[b] = c;
            BYTE_OF_CHAR[c] = b;
        }
        int k = 0;
        for (char c = 0; c < BYTE_OF_CHAR.length; c++) {
            if (BYTE_OF_CHAR[c] >= 0) {
                ALPHABET[k++] = c;
            }
        }
    }

    private ByteLevel() {
    }

    /** The character that stands for byte value {@code b} (0..255). */
    public static char charOf(int b) {
        return CHAR_OF_BYTE[b & 0xFF];
    }

    /**
     * The 256 stand-in characters in code point order ({@code !} first, {@code Ń} last): the
     * order of the first 256 ids in GPT-2's vocabulary and in vocabularies trained by HuggingFace
     * tokenizers, which this module's trainer follows too.
     */
    public static char[] alphabet() {
        return ALPHABET.clone();
    }

    /** The byte value (0..255) that {@code c} stands for, or -1 when it stands for none. */
    public static int byteOf(char c) {
        return c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
    }

    /** {@code bytes} spelled with one stand-in character per byte. */
    public static String encode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = CHAR_OF_BYTE[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /**
     * The bytes a byte-level spelling stands for.
     *
     * @throws IllegalArgumentException naming the character, if {@code spelled} contains one that
     *     stands for no byte
     */
    public static byte[] decode(String spelled) {
        byte[] bytes = new byte[spelled.length()];
        for (int i = 0; i < bytes.length; i++) {
            int b = byteOf(spelled.charAt(i));
            if (b < 0) {
                throw new IllegalArgumentException("byte-level token \"" + spelled + "\": character "
                        + CharTokenizer.describe(spelled.codePointAt(i)) + " at offset " + i + " stands for no byte");
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }
}
