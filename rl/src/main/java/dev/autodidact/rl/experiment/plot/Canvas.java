package dev.autodidact.rl.experiment.plot;

import java.awt.Color;

/** The few drawing operations a chart needs, implemented once for SVG text and once for java.awt (PNG). */
interface Canvas {
    enum Anchor { START, MIDDLE, END }

    void line(double x1, double y1, double x2, double y2, Color color, double width, boolean dashed);

    void polyline(double[] xs, double[] ys, Color color, double width);

    void dot(double x, double y, double radius, Color color);

    void rect(double x, double y, double w, double h, Color stroke, Color fill);

    /** Text with its baseline at {@code y}; {@code vertical} turns it 90° counter-clockwise about (x, y). */
    void text(double x, double y, String text, double size, Anchor anchor, boolean bold, boolean vertical, Color color);
}
