package dev.attention.api;

/**
 * Root of every error the library reports on purpose. Its message is one line a user can act
 * on; the subclasses carry where the problem is (file, key, row, plugin id).
 */
public class AttentionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AttentionException(String message) {
        super(oneLine(message));
    }

    public AttentionException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * {@code message} with line breaks and other control characters written as escapes ({@code \n},
     * {@code \u0007}): a message quotes what it read (a cell, a key, a tensor name), and hostile input
     * must not break the one line a user sees into several or move the terminal's cursor.
     */
    static String oneLine(String message) {
        if (message == null || message.chars().noneMatch(Character::isISOControl)) {
            return message;
        }
        StringBuilder s = new StringBuilder(message.length() + 16);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n') {
                s.append("\\n");
            } else if (c == '\r') {
                s.append("\\r");
            } else if (c == '\t') {
                s.append("\\t");
            } else if (Character.isISOControl(c)) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
