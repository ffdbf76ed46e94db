package dev.attention.cli;

import dev.attention.api.spi.PluginKind;
import dev.attention.cli.Explanation.Component;
import dev.attention.cli.Explanation.Input;
import dev.attention.cli.Explanation.Learned;
import dev.attention.cli.Explanation.Output;
import dev.attention.cli.Explanation.Setting;
import dev.attention.core.MaskInput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** An {@link Explanation} as an indented tree for people. */
final class ExplanationText {
    private ExplanationText() {
    }

    /** A line and its children. */
    private record Node(String text, List<Node> children) {
        Node(String text) {
            this(text, new ArrayList<>());
        }

        Node add(Node child) {
            children.add(child);
            return this;
        }
    }

    static void print(Explanation e, PrintWriter w) {
        w.println(e.name() + " (" + e.dtype() + ", seed " + e.seed() + ")" + (e.config().isEmpty() ? "" : "  " + e.config()));
        print(w, List.of(component(e.variant())), "");
        w.println("inputs");
        List<Node> inputs = new ArrayList<>();
        for (Input in : e.inputs()) {
            Node n = new Node(in.name() + " " + Explanation.shape(in.shape())
                    + in.lengths().map(l -> " lengths " + Explanation.shape(l)).orElse(""));
            n.add(new Node("from " + in.source()));
            n.add(new Node("columns " + String.join(", ", in.columns())));
            in.labels().ifPresent(l -> n.add(new Node("labels from column " + l)));
            if (in.groups().size() == 1) {
                n.add(new Node("batch elements by column " + in.groups().get(0) + " (padded, masked)"));
            } else if (!in.groups().isEmpty()) {
                n.add(new Node("batch elements by columns " + String.join(", ", in.groups())
                        + ", outermost first (nested, padded per level, masked)"));
            }
            inputs.add(n);
        }
        print(w, inputs, "");
        if (!e.masks().isEmpty()) {
            w.println("masks");
            List<Node> masks = new ArrayList<>();
            for (MaskInput m : e.masks()) {
                Node n = new Node(m.name() + " " + Explanation.shape(m.shape()) + " " + m.dtype());
                n.add(new Node("from " + m.source()));
                n.add(new Node("→ " + m.mapsTo()));
                masks.add(n);
            }
            print(w, masks, "");
        }
        w.println("outputs (written to " + e.outputDir() + " as " + e.outputFormat() + ")");
        List<Node> outputs = new ArrayList<>();
        for (Output o : e.outputs()) {
            outputs.add(new Node(o.name() + " " + Explanation.shape(o.shape()) + "  → "
                    + o.file().orElse("not written (output.weights: false)")));
        }
        print(w, outputs, "");
        e.existing().ifPresent(c -> w.println((c.whole() ? "now there: " : "now there, NOT A WHOLE SET: ") + c.message()));
    }

    private static Node component(Component c) {
        Node n = new Node(c.kind() + " " + c.id() + "  — " + c.description());
        if (c.settings().isEmpty()) {
            n.add(new Node("parameters: none"));
        } else {
            Node p = new Node("parameters");
            for (Setting s : c.settings()) {
                p.add(new Node(s.name() + " = " + s.value() + (s.given() ? "  (given)" : "  (default)")));
            }
            n.add(p);
        }
        if (c.learned().isEmpty()) {
            n.add(new Node("learned: none"));
        } else {
            Node l = new Node("learned");
            for (Learned t : c.learned()) {
                l.add(new Node(t.name() + " " + Explanation.shape(t.shape())));
            }
            n.add(l);
        }
        c.parts().forEach(part -> n.add(component(part)));
        if (c.kind().equals(PluginKind.VARIANT.id())) {
            List<String> unused = new ArrayList<>(List.of(PluginKind.ALIGNMENT.id(), PluginKind.DISTRIBUTION.id()));
            c.parts().forEach(part -> unused.remove(part.kind()));
            if (!unused.isEmpty()) {
                n.add(new Node("uses no " + String.join(" or ", unused) + " (a configured one is ignored)"));
            }
        }
        return n;
    }

    private static void print(PrintWriter w, List<Node> nodes, String indent) {
        for (int k = 0; k < nodes.size(); k++) {
            boolean last = k == nodes.size() - 1;
            w.println(indent + (last ? "└─ " : "├─ ") + nodes.get(k).text());
            print(w, nodes.get(k).children(), indent + (last ? "   " : "│  "));
        }
    }
}
