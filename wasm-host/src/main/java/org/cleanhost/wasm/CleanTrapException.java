package org.cleanhost.wasm;

/** The guest trapped (e.g. {@code unreachable}, out-of-bounds access, stack exhaustion) while running an export. */
public final class CleanTrapException extends CleanException {
    private static final long serialVersionUID = 1L;
    private final String export;

    public CleanTrapException(String export, String message, Throwable cause) {
        super("guest trapped in export '" + export + "': " + message, cause);
        this.export = export;
    }

    /** The export the host called when the trap happened. */
    public String export() {
        return export;
    }
}
