package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanAbiException;

/**
 * A chain of tasks (each started while the previous one runs, e.g. a task awaiting a task of its own name) went
 * deeper than the runtime's {@code maxTaskDepth}. The message names the chain; {@link #where()} the import.
 */
public final class TaskDepthException extends CleanAbiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param where the import or API that would have started one more level
     * @param chain the task names from the outermost call, e.g. {@code start -> start -> start}
     * @param maxDepth the configured bound
     */
    public TaskDepthException(String where, String chain, int maxDepth) {
        super(where, "tasks nested deeper than maxTaskDepth (" + maxDepth + "): " + chain);
    }
}
