package org.cleanhost.wasm;

/**
 * The guest passed a host import a value docs/abi.md does not allow. For the async ABI: an empty task
 * name, task arguments that are not a JSON array of the task's arity, settling a future it does not own
 * (nothing was started or changed). For the portable imports: e.g. an unknown {@code string_matches}
 * pattern id, a substring range outside the string, an arena handle that is not open, a malformed locale
 * tag or params JSON. The guest call fails with it. Bad pointers and strings are {@link CleanMemoryException}.
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
