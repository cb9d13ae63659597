package org.cleanhost.wasm;

/**
 * Base of every error this library reports. Subclasses say what went wrong; messages name the
 * export, import, pointer or id involved.
 */
public class CleanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CleanException(String message) {
        super(message);
    }

    public CleanException(String message, Throwable cause) {
        super(message, cause);
    }
}
