package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanException;

/** A task started by the guest (a guest export or a Java function) failed; the cause says how. */
public final class TaskFailedException extends CleanException {
    private static final long serialVersionUID = 1L;
    private final String task;

    public TaskFailedException(String task, long id, Throwable cause) {
        super("task '" + task + "' (id " + id + ") failed: " + cause.getMessage(), cause);
        this.task = task;
    }

    public String task() {
        return task;
    }
}
