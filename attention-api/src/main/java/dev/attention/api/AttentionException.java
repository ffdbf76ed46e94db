package dev.attention.api;

/**
 * Root of every error the library reports on purpose. Its message is one line a user can act
 * on; the subclasses carry where the problem is (file, key, row, plugin id).
 */
public class AttentionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AttentionException(String message) {
        super(message);
    }

    public AttentionException(String message, Throwable cause) {
        super(message, cause);
    }
}
