package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanAbiException;

/**
 * A future id that was never issued, or was already released: from the guest ({@link #where()} names the
 * import) or from Java ({@code CleanRuntime.future}).
 */
public final class UnknownFutureException extends CleanAbiException {
    private static final long serialVersionUID = 1L;
    private final long futureId;

    public UnknownFutureException(String where, long futureId) {
        super(where, "unknown future id " + futureId + " (never issued, or already released)");
        this.futureId = futureId;
    }

    public long futureId() {
        return futureId;
    }
}
