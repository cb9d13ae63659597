package org.cleanhost.wasm;

/**
 * The guest asked for something the application has not enabled for this host, such as an HTTP request
 * to a host outside {@link HttpAccess}'s allow-list. The guest call fails with it and nothing was sent; the
 * instance is discarded as after any host error.
 */
public final class CleanCapabilityException extends CleanException {
    private static final long serialVersionUID = 1L;
    private final String where;
    private final String target;

    /**
     * @param where the import ({@code module.name}) that was refused
     * @param target what it asked for (for HTTP, the host name)
     * @param problem why it was refused and how the application enables it
     */
    public CleanCapabilityException(String where, String target, String problem) {
        super(where + ": " + problem);
        this.where = where;
        this.target = target;
    }

    /** The import ({@code module.name}) that was refused. */
    public String where() {
        return where;
    }

    /** What the guest asked for: for HTTP, the host name of the URL (or of a redirect's target). */
    public String target() {
        return target;
    }
}
