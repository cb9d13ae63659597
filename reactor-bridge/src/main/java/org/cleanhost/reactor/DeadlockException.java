package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanException;

/**
 * A guest waits for a future that nothing can ever settle: it is owned by a guest, and every guest
 * call is itself blocked waiting while no task or Java function is in flight.
 */
public final class DeadlockException extends CleanException {
    private static final long serialVersionUID = 1L;

    public DeadlockException(long futureId) {
        super("deadlock: future " + futureId + " is guest-owned and nothing running can resolve it"
                + " (every guest call is waiting and no task or Java function is in flight)");
    }
}
