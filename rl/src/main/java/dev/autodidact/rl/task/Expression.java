package dev.autodidact.rl.task;

import dev.autodidact.rl.math.Rational;

import java.util.ArrayList;
import java.util.List;

/**
 * An arithmetic expression over non-negative integer literals with {@code + - * /} and
 * parentheses, as written in Countdown answers; parsed by recursive descent and evaluated with
 * exact rationals (algorithms-text §0.9, "Countdown answers").
 */
public sealed interface Expression permits Expression.Literal, Expression.Binary {

    /** Longest text {@link #parse} accepts; longer answers are malformed, not a stack risk. */
    int MAX_LENGTH = 400;

    /** An integer literal. */
    record Literal(long value) implements Expression {}

    /** {@code left op right}. */
    record Binary(char op, Expression left, Expression right) implements Expression {
        public Binary {
            if ("+-*/".indexOf(op) < 0) throw new IllegalArgumentException("Expression: unknown operator '" + op + "'");
        }
    }

    /** Thrown for text that is not an expression; the message says where and why. */
    final class ParseException extends Exception {
        public ParseException(String message) {
            super(message);
        }
    }

    /** The exact value; throws {@link ArithmeticException} on division by zero. */
    default Rational evaluate() {
        return switch (this) {
            case Literal l -> Rational.of(l.value());
            case Binary b -> RandomCalculationTask.apply(b.left().evaluate(), b.op(), b.right().evaluate());
        };
    }

    /** The integer literals, left to right. */
    default List<Long> literals() {
        List<Long> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(Expression e, List<Long> out) {
        switch (e) {
            case Literal l -> out.add(l.value());
            case Binary b -> {
                collect(b.left(), out);
                collect(b.right(), out);
            }
        }
    }

    /** Fully parenthesised text without outer brackets, e.g. {@code (7-3)*6}. */
    default String render() {
        return switch (this) {
            case Literal l -> Long.toString(l.value());
            case Binary b -> bracket(b.left()) + b.op() + bracket(b.right());
        };
    }

    private static String bracket(Expression e) {
        return e instanceof Literal ? e.render() : "(" + e.render() + ")";
    }

    /** Parses {@code text} (whitespace ignored) with the usual precedence and left associativity. */
    static Expression parse(String text) throws ParseException {
        String s = dev.autodidact.rl.math.Rational.stripWhitespace(text);
        if (s.isEmpty()) throw new ParseException("the expression is empty.");
        if (s.length() > MAX_LENGTH) throw new ParseException("the expression is " + s.length() + " characters long, more than " + MAX_LENGTH + ".");
        int[] pos = {0};
        Expression e = sum(s, pos);
        if (pos[0] != s.length()) throw new ParseException("unexpected '" + s.charAt(pos[0]) + "' at position " + pos[0] + " of '" + s + "'.");
        return e;
    }

    private static Expression sum(String s, int[] pos) throws ParseException {
        Expression e = product(s, pos);
        while (pos[0] < s.length() && (s.charAt(pos[0]) == '+' || s.charAt(pos[0]) == '-')) {
            char op = s.charAt(pos[0]++);
            e = new Binary(op, e, product(s, pos));
        }
        return e;
    }

    private static Expression product(String s, int[] pos) throws ParseException {
        Expression e = atom(s, pos);
        while (pos[0] < s.length() && (s.charAt(pos[0]) == '*' || s.charAt(pos[0]) == '/')) {
            char op = s.charAt(pos[0]++);
            e = new Binary(op, e, atom(s, pos));
        }
        return e;
    }

    private static Expression atom(String s, int[] pos) throws ParseException {
        if (pos[0] >= s.length()) throw new ParseException("'" + s + "' ends where a number or '(' was expected.");
        char c = s.charAt(pos[0]);
        if (c == '(') {
            pos[0]++;
            Expression e = sum(s, pos);
            if (pos[0] >= s.length() || s.charAt(pos[0]) != ')') throw new ParseException("'" + s + "' has an unclosed '('.");
            pos[0]++;
            return e;
        }
        int start = pos[0];
        while (pos[0] < s.length() && Character.isDigit(s.charAt(pos[0])) && s.charAt(pos[0]) < 128) pos[0]++;
        if (start == pos[0]) throw new ParseException("unexpected '" + c + "' at position " + start + " of '" + s + "'.");
        if (pos[0] - start > 12) throw new ParseException("the number at position " + start + " of '" + s + "' has more than 12 digits.");
        return new Literal(Long.parseLong(s.substring(start, pos[0])));
    }
}
