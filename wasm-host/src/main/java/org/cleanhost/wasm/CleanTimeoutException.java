package org.cleanhost.wasm;

import java.time.Duration;

/** A guest call ran past its deadline and was stopped. The instance that ran it is discarded. */
public final class CleanTimeoutException extends CleanException {
    private static final long serialVersionUID = 1L;
    private final String export;
    private final transient Duration deadline;

    public CleanTimeoutException(String export, Duration deadline) {
        super("guest export '" + export + "' exceeded its deadline of " + deadline.toMillis() + " ms");
        this.export = export;
        this.deadline = deadline;
    }

    public String export() {
        return export;
    }

    public Duration deadline() {
        return deadline;
    }
}
