package dev.attention.assembly.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.attention.api.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads YAML or JSON with Jackson's streaming parser into a {@link ConfigNode} tree with positions. */
final class TreeReader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private TreeReader() {
    }

    /**
     * @param file shown in messages
     * @param json true for JSON, false for YAML
     */
    static ConfigNode read(String file, Reader reader, boolean json) {
        try (JsonParser p = (json ? JSON : YAML).createParser(reader)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ConfigException(file, 1, 1, null, "the file is empty",
                        "a config needs at least a 'pipeline:' section");
            }
            ConfigNode root = node(file, p, "");
            if (p.nextToken() != null) {
                throw at(file, p.currentLocation(), null, "unexpected content after the document", "one document per file");
            }
            return root;
        } catch (JsonParseException e) {
            if (causedBy(e, CharacterCodingException.class)) {
                throw notUtf8(file);
            }
            if (!json) {
                throw yaml(file, e);
            }
            String msg = e.getOriginalMessage().split("\n")[0];
            throw at(file, e.getLocation(), null, "malformed JSON: " + msg,
                    "check indentation, colons and brackets near this spot");
        } catch (IOException e) {
            if (causedBy(e, CharacterCodingException.class)) {
                throw notUtf8(file);
            }
            throw new ConfigException(file, 0, 0, null, "cannot read the file: " + e.getMessage(), null);
        }
    }

    /** The reader's decoding error surfaces inside the parser, which used to call it malformed YAML. */
    private static ConfigException notUtf8(String file) {
        return new ConfigException(file, 0, 0, null, "config file is not UTF-8 text", "save it as UTF-8");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern YAML_MARK = Pattern.compile("^ in '[^']*', line (\\d+), column (\\d+):$");

    /**
     * SnakeYAML's message is "context / mark / snippet / problem / mark / snippet". Its first line
     * is only the context ("while scanning for the next token"), which hid the problem ("found
     * character '\t' …"), and Jackson's location is the context's, not the problem's. Keeps the
     * problem, then the context, at the problem's mark.
     */
    private static ConfigException yaml(String file, JsonParseException e) {
        List<String> texts = new ArrayList<>();
        int line = 0;
        int column = 0;
        for (String l : e.getOriginalMessage().split("\\R")) {
            Matcher m = YAML_MARK.matcher(l);
            if (m.matches()) {
                line = Integer.parseInt(m.group(1));
                column = Integer.parseInt(m.group(2));
            } else if (!l.isBlank() && !l.startsWith("    ")) {
                texts.add(l.strip());
            }
        }
        if (texts.isEmpty() || line == 0) {
            return at(file, e.getLocation(), null, "malformed YAML: " + e.getOriginalMessage().split("\n")[0],
                    "check indentation, colons and brackets near this spot");
        }
        String problem = texts.get(texts.size() - 1) + (texts.size() > 1 ? ", " + texts.get(0) : "");
        return new ConfigException(file, line, column, null, "malformed YAML: " + problem,
                "check indentation, colons and brackets near this spot");
    }

    private static ConfigNode node(String file, JsonParser p, String path) throws IOException {
        Position pos = position(file, p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                LinkedHashMap<String, ConfigNode> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Position keyPos = position(file, p.currentTokenLocation());
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    p.nextToken();
                    ConfigNode child = node(file, p, childPath);
                    if (entries.put(key, child) != null) {
                        throw new ConfigException(file, keyPos.line(), keyPos.column(), childPath,
                                "duplicate key", "keep one '" + key + "'");
                    }
                }
                return new ConfigNode.MapNode(pos, path, entries);
            }
            case START_ARRAY: {
                List<ConfigNode> items = new ArrayList<>();
                int k = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(file, p, path + "[" + k++ + "]"));
                }
                return new ConfigNode.ListNode(pos, path, items);
            }
            case VALUE_STRING:
                return new ConfigNode.ScalarNode(pos, path, p.getText());
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new ConfigException(file, pos.line(), pos.column(), path, "number too large", null);
                }
                return new ConfigNode.ScalarNode(pos, path, p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return new ConfigNode.ScalarNode(pos, path, floating(p, pos, path));
            case VALUE_TRUE:
                return new ConfigNode.ScalarNode(pos, path, Boolean.TRUE);
            case VALUE_FALSE:
                return new ConfigNode.ScalarNode(pos, path, Boolean.FALSE);
            case VALUE_NULL:
                return new ConfigNode.ScalarNode(pos, path, null);
            default:
                throw new ConfigException(file, pos.line(), pos.column(), path, "unsupported value " + t, null);
        }
    }

    /** YAML's .nan and .inf are valid numbers Jackson will not convert; later checks refuse them by name. */
    private static double floating(JsonParser p, Position pos, String path) throws IOException {
        String text = p.getText().trim().toLowerCase(java.util.Locale.ROOT);
        switch (text) {
            case ".nan":
                return Double.NaN;
            case ".inf":
            case "+.inf":
                return Double.POSITIVE_INFINITY;
            case "-.inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return p.getDoubleValue();
                } catch (JsonParseException e) {
                    throw new ConfigException(pos.file(), pos.line(), pos.column(), path,
                            "'" + p.getText() + "' is not a number", null);
                }
        }
    }

    private static Position position(String file, JsonLocation loc) {
        return loc == null ? new Position(file, 0, 0)
                : new Position(file, Math.max(0, loc.getLineNr()), Math.max(0, loc.getColumnNr()));
    }

    private static ConfigException at(String file, JsonLocation loc, String key, String problem, String hint) {
        Position p = position(file, loc);
        return new ConfigException(file, p.line(), p.column(), key, problem, hint);
    }
}
