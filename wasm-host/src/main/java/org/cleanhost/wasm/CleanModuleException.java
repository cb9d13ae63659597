package org.cleanhost.wasm;

/** The bytes are not a module this host can run: malformed, invalid, or beyond a configured limit. */
public final class CleanModuleException extends CleanException {
    private static final long serialVersionUID = 1L;

    public CleanModuleException(String message) {
        super(message);
    }

    public CleanModuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
