package dev.attention.render;

import java.util.List;
import java.util.Map;

/**
 * The data a page embeds, as JSON text safe inside a {@code <script>} element. Weights stay the
 * strings the run printed; the shared colour range (0 or the least weight, to the largest) is
 * computed here once so every panel uses the same scale, as the PNG does.
 */
final class ViewJson {
    private final StringBuilder out = new StringBuilder();

    private ViewJson() {
    }

    static String of(AttentionView view, int maxCells) {
        ViewJson j = new ViewJson();
        j.view(view, maxCells);
        // "</script>" must not end the element early; \u003c reads back as '<'.
        return j.out.toString().replace("<", "\\u003c");
    }

    private void view(AttentionView v, int maxCells) {
        double low = 0;
        double high = Double.NEGATIVE_INFINITY;
        for (ViewPanel p : allPanels(v)) {
            for (int i = 0; i < p.rows(); i++) {
                for (int k = 0; k < p.columns(); k++) {
                    double w = p.value(i, k);
                    low = Math.min(low, w);
                    high = Math.max(high, w);
                }
            }
        }
        if (!(high > low)) {
            high = low + 1;
        }
        out.append('{');
        fieldString("title", v.title()).append(',');
        fieldString("subtitle", v.subtitle()).append(',');
        fieldStrings("notes", v.notes()).append(',');
        fieldString("explain", v.explain()).append(',');
        field("grid").append(v.gridColumns()).append(',');
        field("low").append(low).append(',');
        field("high").append(high).append(',');
        field("limit").append(maxCells).append(',');
        field("panels").append('[');
        for (int k = 0; k < v.panels().size(); k++) {
            out.append(k > 0 ? "," : "");
            panel(v.panels().get(k), maxCells);
        }
        out.append("],");
        field("links").append('[');
        for (int k = 0; k < v.links().size(); k++) {
            ViewLink l = v.links().get(k);
            out.append(k > 0 ? "," : "").append('[').append(l.panel()).append(',').append(l.column()).append(',')
                    .append(l.target()).append(']');
        }
        out.append(']');
        if (v.before().isPresent() && v.after().isPresent()) {
            out.append(',');
            field("before");
            panel(v.before().get(), maxCells);
            out.append(',');
            field("after");
            panel(v.after().get(), maxCells);
        }
        v.curves().ifPresent(c -> {
            out.append(',');
            field("curves").append('{');
            field("epochs").append(c.epochs().toString()).append(',');
            fieldStrings("train", c.train()).append(',');
            fieldStrings("heldOut", c.heldOut()).append('}');
        });
        v.leaderboard().ifPresent(t -> {
            out.append(',');
            field("leaderboard").append('{');
            fieldStrings("columns", t.columns()).append(',');
            fieldString("score", t.scoreColumn()).append(',');
            field("rows").append('[');
            for (int r = 0; r < t.rows().size(); r++) {
                out.append(r > 0 ? "," : "");
                strings(t.rows().get(r));
            }
            out.append("],");
            field("parameters").append('[');
            for (int r = 0; r < t.parameters().size(); r++) {
                out.append(r > 0 ? ",{" : "{");
                int n = 0;
                for (Map.Entry<String, String> e : t.parameters().get(r).entrySet()) {
                    out.append(n++ > 0 ? "," : "");
                    fieldString(e.getKey(), e.getValue());
                }
                out.append('}');
            }
            out.append("]}");
        });
        out.append('}');
    }

    private static List<ViewPanel> allPanels(AttentionView v) {
        List<ViewPanel> all = new java.util.ArrayList<>(v.panels());
        v.before().ifPresent(all::add);
        v.after().ifPresent(all::add);
        return all;
    }

    private void panel(ViewPanel p, int maxCells) {
        out.append('{');
        fieldString("caption", p.caption()).append(',');
        field("n").append(p.rows()).append(',');
        field("m").append(p.columns()).append(',');
        fieldStrings("rows", p.rowLabels()).append(',');
        fieldStrings("cols", p.columnLabels()).append(',');
        if ((long) p.rows() * p.columns() > maxCells) {
            PanelSummary s = new PanelSummary(p);
            field("summary").append('{');
            field("rowsPerCell").append(s.rowsPerCell).append(',');
            field("colsPerCell").append(s.colsPerCell).append(',');
            field("listed").append(s.topKeys.length).append(',');
            field("down");
            matrix(s.downsampled).append(',');
            field("topKeys").append('[');
            for (int i = 0; i < s.topKeys.length; i++) {
                out.append(i > 0 ? "," : "").append(java.util.Arrays.toString(s.topKeys[i]).replace(" ", ""));
            }
            out.append("],");
            field("topWeights");
            matrix(s.topWeights).append(',');
            fieldStrings("entropy", List.of(s.entropy)).append('}');
        } else {
            field("w");
            matrix(p.cells());
            if (p.marked() != null) {
                out.append(',');
                field("marks").append('[');
                int n = 0;
                for (int i = 0; i < p.rows(); i++) {
                    for (int j = 0; j < p.columns(); j++) {
                        if (p.marked()[i][j]) {
                            out.append(n++ > 0 ? "," : "").append('[').append(i).append(',').append(j).append(']');
                        }
                    }
                }
                out.append(']');
            }
            if (p.centres() != null) {
                out.append(',');
                field("centres").append('[');
                for (int i = 0; i < p.centres().length; i++) {
                    double c = p.centres()[i];
                    out.append(i > 0 ? "," : "").append(Double.isFinite(c) ? Double.toString(c) : "null");
                }
                out.append(']');
            }
        }
        out.append('}');
    }

    private StringBuilder fieldString(String name, String value) {
        field(name);
        return string(value);
    }

    private StringBuilder fieldStrings(String name, List<String> values) {
        field(name);
        return strings(values);
    }

    private StringBuilder matrix(String[][] cells) {
        out.append('[');
        for (int i = 0; i < cells.length; i++) {
            out.append(i > 0 ? "," : "");
            strings(List.of(cells[i]));
        }
        return out.append(']');
    }

    private StringBuilder field(String name) {
        return string(name).append(':');
    }

    private StringBuilder strings(List<String> values) {
        out.append('[');
        for (int k = 0; k < values.size(); k++) {
            out.append(k > 0 ? "," : "");
            if (values.get(k) == null) {
                out.append("null");
            } else {
                string(values.get(k));
            }
        }
        return out.append(']');
    }

    private StringBuilder string(String s) {
        out.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
