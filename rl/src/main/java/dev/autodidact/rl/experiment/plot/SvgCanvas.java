package dev.autodidact.rl.experiment.plot;

import dev.autodidact.rl.experiment.Html;

import java.awt.Color;
import java.util.Locale;

/** A {@link Canvas} that writes SVG 1.1 elements as text. */
final class SvgCanvas implements Canvas {
    private final StringBuilder sb = new StringBuilder();
    private final int width, height;

    SvgCanvas(int width, int height, String title) {
        this.width = width;
        this.height = height;
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n");
        sb.append("<title>").append(Html.escape(title)).append("</title>\n");
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String c(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color color, double width, boolean dashed) {
        sb.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2)).append("\" y2=\"").append(n(y2))
                .append("\" stroke=\"").append(c(color)).append("\" stroke-width=\"").append(n(width)).append('"');
        if (dashed) sb.append(" stroke-dasharray=\"3,3\"");
        sb.append("/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, Color color, double width) {
        sb.append("<polyline fill=\"none\" stroke=\"").append(c(color)).append("\" stroke-width=\"").append(n(width))
                .append("\" stroke-linejoin=\"round\" points=\"");
        for (int i = 0; i < xs.length; i++) sb.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        sb.append("\"/>\n");
    }

    @Override
    public void dot(double x, double y, double radius, Color color) {
        sb.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"").append(n(radius)).append("\" fill=\"").append(c(color)).append("\"/>\n");
    }

    @Override
    public void rect(double x, double y, double w, double h, Color stroke, Color fill) {
        sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w)).append("\" height=\"").append(n(h))
                .append("\" fill=\"").append(fill == null ? "none" : c(fill)).append("\" stroke=\"").append(stroke == null ? "none" : c(stroke)).append("\"/>\n");
    }

    @Override
    public void text(double x, double y, String text, double size, Anchor anchor, boolean bold, boolean vertical, Color color) {
        sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size)).append("\" fill=\"").append(c(color))
                .append("\" text-anchor=\"").append(switch (anchor) {
                    case START -> "start";
                    case MIDDLE -> "middle";
                    case END -> "end";
                }).append('"');
        if (bold) sb.append(" font-weight=\"bold\"");
        if (vertical) sb.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
        sb.append('>').append(Html.escape(text)).append("</text>\n");
    }

    String finish() {
        return sb + "</svg>\n";
    }
}
