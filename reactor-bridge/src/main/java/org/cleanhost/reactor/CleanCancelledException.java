package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanException;

/** The future was cancelled (by the guest's {@code cancel_future} or Java's {@link CleanRuntime#cancel}) before it settled. */
public final class CleanCancelledException extends CleanException {
    private static final long serialVersionUID = 1L;

    public CleanCancelledException(long futureId, String task) {
        super("future " + futureId + " (" + task + ") was cancelled");
    }
}
