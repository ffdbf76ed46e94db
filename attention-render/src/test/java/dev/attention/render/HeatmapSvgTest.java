package dev.attention.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG is well-formed XML with a cell per weight and the axis labels as text. */
class HeatmapSvgTest {
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Document d, String tag, String cssClass) {
        NodeList nodes = d.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int k = 0; k < nodes.getLength(); k++) {
            Element e = (Element) nodes.item(k);
            if (cssClass == null || cssClass.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        return out;
    }

    static List<String> texts(Document d) {
        return elements(d, "text", null).stream().map(Element::getTextContent).toList();
    }

    @Test
    void a_cell_per_weight_labels_title_and_colour_bar() throws Exception {
        HeatmapPanel p = new HeatmapPanel("", new double[][] {{0.9, 0.1, 0}, {0.2, 0.7, 0.1}},
                List.of("the", "cat"), List.of("le", "chat", "<noir & co>"), null, null);
        Heatmap h = Heatmap.builder("toy — cross / scaled-dot / softmax").panel(p).build();
        Document d = parse(HeatmapFiles.svg(h));

        assertEquals("svg", d.getDocumentElement().getTagName());
        List<Element> cells = elements(d, "rect", "cell");
        assertEquals(6, cells.size());
        Element max = cells.stream().max((a, b) -> Double.compare(Double.parseDouble(a.getAttribute("data-value")),
                Double.parseDouble(b.getAttribute("data-value")))).orElseThrow();
        assertEquals(Map.of("row", "0", "col", "0"), Map.of("row", max.getAttribute("data-row"),
                "col", max.getAttribute("data-col")));
        assertEquals("#fde725", max.getAttribute("fill"), "the largest weight is the top of the ramp");
        List<String> texts = texts(d);
        assertTrue(texts.contains("chat") && texts.contains("cat"), texts::toString);
        assertTrue(texts.contains("<noir & co>"), "labels are escaped, not dropped: " + texts);
        assertTrue(texts.contains("toy — cross / scaled-dot / softmax"), texts::toString);
        assertTrue(texts.contains("0.9") && texts.contains("0"), "colour bar ticks: " + texts);
    }

    @Test
    void marks_and_centres_are_drawn_with_a_legend() throws Exception {
        boolean[][] marked = {{false, true}, {true, false}};
        HeatmapPanel p = new HeatmapPanel("", new double[][] {{0.2, 0.8}, {0.6, 0.4}}, List.of("0", "1"),
                List.of("0", "1"), marked, new double[] {0.7, Double.NaN});
        Document d = parse(HeatmapFiles.svg(Heatmap.builder("hard").panel(p).build()));
        assertEquals(2 + 1, elements(d, "circle", "mark").size(), "two chosen keys and the legend's sample");
        assertEquals(1 + 1, elements(d, "polygon", "centre").size(), "one centre and the legend's sample");
        assertTrue(texts(d).stream().anyMatch(t -> t.startsWith("chosen key")), texts(d)::toString);
    }
}
