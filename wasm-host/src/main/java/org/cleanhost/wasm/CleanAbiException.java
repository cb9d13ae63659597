package org.cleanhost.wasm;

/**
 * The guest used the async ABI in a way docs/abi.md does not allow: an empty task name, task arguments
 * that are not a JSON array of the task's arity, settling a future it does not own. The guest call fails
 * with it; nothing was started or changed. Bad pointers and strings are {@link CleanMemoryException}.
 */
public class CleanAbiException extends CleanException {
    private static final long serialVersionUID = 1L;
    private final String where;

    /** {@code where} is the import ({@code module.name}) or API method the bad input reached. */
    public CleanAbiException(String where, String problem) {
        super(where + ": " + problem);
        this.where = where;
    }

    /** The import ({@code module.name}), or the API method, that refused the input. */
    public String where() {
        return where;
    }
}
