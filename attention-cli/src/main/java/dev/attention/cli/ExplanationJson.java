package dev.attention.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.attention.cli.Explanation.Component;
import dev.attention.cli.Explanation.Input;
import dev.attention.cli.Explanation.Learned;
import dev.attention.cli.Explanation.Output;
import dev.attention.cli.Explanation.Setting;
import dev.attention.core.MaskInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/** An {@link Explanation} as JSON for tools: the same tree, with shapes as arrays. */
final class ExplanationJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ExplanationJson() {
    }

    static void write(Explanation e, Writer w) {
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("name", e.name());
            g.writeStringField("config", e.config());
            g.writeStringField("dtype", e.dtype());
            g.writeNumberField("seed", e.seed());
            g.writeFieldName("pipeline");
            component(g, e.variant());
            g.writeArrayFieldStart("inputs");
            for (Input in : e.inputs()) {
                g.writeStartObject();
                g.writeStringField("name", in.name());
                g.writeStringField("source", in.source());
                strings(g, "columns", in.columns());
                optional(g, "labels", in.labels());
                if (in.groups().size() == 1) {
                    g.writeStringField("group", in.groups().get(0));
                } else if (!in.groups().isEmpty()) {
                    strings(g, "group", in.groups());
                }
                ints(g, "shape", in.shape());
                if (in.lengths().isPresent()) {
                    ints(g, "lengths", in.lengths().get());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("masks");
            for (MaskInput m : e.masks()) {
                g.writeStartObject();
                g.writeStringField("name", m.name());
                g.writeStringField("source", m.source());
                g.writeStringField("dtype", m.dtype());
                ints(g, "shape", m.shape());
                g.writeStringField("mapsTo", m.mapsTo());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("outputs");
            g.writeStringField("dir", e.outputDir());
            g.writeStringField("format", e.outputFormat());
            g.writeArrayFieldStart("tensors");
            for (Output o : e.outputs()) {
                g.writeStartObject();
                g.writeStringField("name", o.name());
                ints(g, "shape", o.shape());
                g.writeFieldName("file");
                if (o.file().isPresent()) {
                    g.writeString(o.file().get());
                } else {
                    g.writeNull();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (e.existing().isPresent()) {
                g.writeObjectFieldStart("existing");
                g.writeBooleanField("whole", e.existing().get().whole());
                g.writeStringField("message", e.existing().get().message());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void component(JsonGenerator g, Component c) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", c.kind());
        g.writeStringField("id", c.id());
        g.writeStringField("description", c.description());
        g.writeArrayFieldStart("parameters");
        for (Setting s : c.settings()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("type", s.type());
            g.writeFieldName("value");
            value(g, s.value());
            g.writeBooleanField("given", s.given());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("learned");
        for (Learned l : c.learned()) {
            g.writeStartObject();
            g.writeStringField("name", l.name());
            ints(g, "shape", l.shape());
            g.writeEndObject();
        }
        g.writeEndArray();
        for (Component part : c.parts()) {
            g.writeFieldName(part.kind());
            component(g, part);
        }
        g.writeEndObject();
    }

    /** Numbers and booleans stay typed, so tools need not parse them back. */
    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof Double || v instanceof Float) {
            g.writeNumber(((Number) v).doubleValue());
        } else if (v instanceof Number) {
            g.writeNumber(((Number) v).longValue());
        } else {
            g.writeString(v.toString());
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void ints(JsonGenerator g, String field, int[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (int v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    private static void optional(JsonGenerator g, String field, Optional<String> value) throws IOException {
        g.writeFieldName(field);
        if (value.isPresent()) {
            g.writeString(value.get());
        } else {
            g.writeNull();
        }
    }
}
