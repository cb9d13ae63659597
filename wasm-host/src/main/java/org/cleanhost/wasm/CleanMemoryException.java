package org.cleanhost.wasm;

/**
 * A pointer, length or string the guest handed to the host is invalid (out of bounds, overflowing,
 * not UTF-8), the guest could not allocate memory for a value the host writes, or the JVM could not
 * allocate memory for an instance or a guest's growing memory ({@link OutOfMemoryError} as the cause).
 * The message names the import or export and the offending value.
 */
public final class CleanMemoryException extends CleanException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, naming the import or export and the value
     */
    public CleanMemoryException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong, naming the import or export and the value
     * @param cause the underlying failure, e.g. the {@link OutOfMemoryError} of an allocation the JVM could not
     *     satisfy; may be {@code null}
     */
    public CleanMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
