package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanException;

/** A future id that was never issued, or was already released. */
public final class UnknownFutureException extends CleanException {
    private static final long serialVersionUID = 1L;
    private final long futureId;

    public UnknownFutureException(String where, long futureId) {
        super(where + ": unknown future id " + futureId + " (never issued, or already released)");
        this.futureId = futureId;
    }

    public long futureId() {
        return futureId;
    }
}
