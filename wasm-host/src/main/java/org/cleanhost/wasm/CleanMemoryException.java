package org.cleanhost.wasm;

/**
 * A pointer, length or string the guest handed to the host is invalid (out of bounds, negative,
 * overflowing, not UTF-8), or the guest could not allocate memory for a value the host writes.
 * The message names the import or export and the offending value.
 */
public final class CleanMemoryException extends CleanException {
    private static final long serialVersionUID = 1L;

    public CleanMemoryException(String message) {
        super(message);
    }
}
