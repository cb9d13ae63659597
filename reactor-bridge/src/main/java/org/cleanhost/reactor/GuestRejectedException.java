package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanException;

/** The guest rejected its own future ({@code reject_future}) with this message. */
public final class GuestRejectedException extends CleanException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public GuestRejectedException(long futureId, String reason) {
        super("future " + futureId + " rejected by the guest: " + reason);
        this.reason = reason;
    }

    /** The message the guest passed to {@code reject_future}. */
    public String reason() {
        return reason;
    }
}
