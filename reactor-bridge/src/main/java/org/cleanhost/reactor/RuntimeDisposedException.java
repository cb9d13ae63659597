package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanException;

/**
 * The runtime was disposed (or is shutting down gracefully) before this work could finish: a queued call,
 * a running call that was interrupted, or a pending future. Calls made after disposal fail with it at
 * subscription.
 */
public final class RuntimeDisposedException extends CleanException {
    private static final long serialVersionUID = 1L;

    /** @param message says what was refused or stopped */
    public RuntimeDisposedException(String message) {
        super(message);
    }
}
