package org.cleanhost.wasm;

/**
 * The thread running guest code was interrupted by someone other than the host's deadline timer,
 * typically a cancelled subscription. The thread's interrupt flag is left set.
 */
public final class CleanInterruptedException extends CleanException {
    private static final long serialVersionUID = 1L;

    public CleanInterruptedException(String export) {
        super("guest export '" + export + "' was interrupted");
    }
}
