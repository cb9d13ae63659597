package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanAbiException;

/** The guest started a task by a name that is neither a registered Java function nor a guest export. */
public final class UnknownTaskException extends CleanAbiException {
    private static final long serialVersionUID = 1L;

    public UnknownTaskException(String where, String task) {
        super(where, "no Java function and no guest export named '" + task + "'");
    }
}
