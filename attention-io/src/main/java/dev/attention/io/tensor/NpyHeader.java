package dev.attention.io.tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a .npy file: a Python dict literal {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (2, 3), }}. Parsed with a small reader of exactly the literals numpy writes (quoted
 * strings, True/False, tuples of integers) rather than by pattern matching, so key order and
 * spacing do not matter.
 */
final class NpyHeader {
    final String descr;
    final boolean fortranOrder;
    final long[] shape;

    NpyHeader(String descr, boolean fortranOrder, long[] shape) {
        this.descr = descr;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
    }

    /** numpy pads after the dict so the first axis can grow in place; we do the same, byte for byte. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /** The dict as numpy writes it, with the growth spaces, before the final alignment padding. */
    String format() {
        StringBuilder s = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int k = 0; k < shape.length; k++) {
            s.append(k == 0 ? "" : ", ").append(shape[k]);
        }
        s.append(shape.length == 1 ? ",), }" : "), }");
        if (shape.length > 0) {
            s.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[fortranOrder ? shape.length - 1 : 0])
                    .length()));
        }
        return s.toString();
    }

    static NpyHeader parse(String file, String text) {
        Reader r = new Reader(file, text);
        Map<String, Object> dict = r.dict();
        r.end();
        for (String key : dict.keySet()) {
            if (!List.of("descr", "fortran_order", "shape").contains(key)) {
                throw Problems.inFile(file, "unknown header key '" + key + "'; expected descr, fortran_order, shape");
            }
        }
        Object descr = require(file, dict, "descr");
        Object fortran = require(file, dict, "fortran_order");
        Object shape = require(file, dict, "shape");
        if (!(descr instanceof String)) {
            throw Problems.inFile(file, "header 'descr' must be a dtype string such as '<f4'");
        }
        if (!(fortran instanceof Boolean)) {
            throw Problems.inFile(file, "header 'fortran_order' must be True or False");
        }
        if (!(shape instanceof long[])) {
            throw Problems.inFile(file, "header 'shape' must be a tuple of integers");
        }
        return new NpyHeader((String) descr, (Boolean) fortran, (long[]) shape);
    }

    private static Object require(String file, Map<String, Object> dict, String key) {
        Object v = dict.get(key);
        if (v == null) {
            throw Problems.inFile(file, "header has no '" + key + "'");
        }
        return v;
    }

    /** Recursive descent over the header text. */
    private static final class Reader {
        private final String file;
        private final String s;
        private int i;

        Reader(String file, String s) {
            this.file = file;
            this.s = s;
        }

        Map<String, Object> dict() {
            expect('{');
            Map<String, Object> out = new LinkedHashMap<>();
            while (peek() != '}') {
                String key = string();
                expect(':');
                if (out.put(key, value()) != null) {
                    throw bad("key '" + key + "' appears twice");
                }
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw bad("expected ',' or '}'");
                }
            }
            i++;
            return out;
        }

        void end() {
            skipSpace();
            if (i != s.length()) {
                throw bad("unexpected text after the dict");
            }
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (c == '[') {
                throw Problems.inFile(file, "structured dtype in the header; only plain '<f4' and '<f8' arrays load");
            }
            throw bad("unexpected value");
        }

        private String string() {
            char q = peek();
            if (q != '\'' && q != '"') {
                throw bad("expected a quoted key");
            }
            int end = s.indexOf(q, i + 1);
            if (end < 0) {
                throw bad("unterminated string");
            }
            String out = s.substring(i + 1, end);
            i = end + 1;
            return out;
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (peek() != ')') {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (start == i) {
                    throw bad("shape holds a non-integer");
                }
                try {
                    dims.add(Long.parseLong(s.substring(start, i)));
                } catch (NumberFormatException e) {
                    throw bad("shape dimension too large");
                }
                if (i < s.length() && s.charAt(i) == 'L') {
                    i++; // Python 2 wrote long integers with a suffix.
                }
                if (peek() == ',') {
                    i++;
                } else if (peek() != ')') {
                    throw bad("expected ',' or ')' in the shape");
                }
            }
            i++;
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private void expect(char c) {
            if (peek() != c) {
                throw bad("expected '" + c + "'");
            }
            i++;
        }

        private char peek() {
            skipSpace();
            if (i >= s.length()) {
                throw bad("header ends early");
            }
            return s.charAt(i);
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private RuntimeException bad(String why) {
            return Problems.inFile(file, "malformed .npy header: " + why + " at character " + i);
        }
    }
}
