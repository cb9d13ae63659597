package org.cleanhost.wasm;

/**
 * A call was refused before any guest code ran: the module exports no such function, the arguments do not
 * fit its declared parameters, or its result cannot be decoded as the requested type. The message names the
 * export and the offending argument. The instance (if one was involved) stays usable.
 */
public final class CleanArgumentException extends CleanException {
    private static final long serialVersionUID = 1L;

    /** @param message names the export and what does not fit */
    public CleanArgumentException(String message) {
        super(message);
    }
}
