package org.cleanhost.wasm;

import java.time.Duration;

/** No pooled instance became free within the allowed wait, or another configured bound on queued work was hit. */
public final class CleanBusyException extends CleanException {
    private static final long serialVersionUID = 1L;

    public CleanBusyException(int poolSize, Duration waited) {
        super("all " + poolSize + " pooled instances stayed busy for " + waited.toMillis() + " ms");
    }

    public CleanBusyException(String message) {
        super(message);
    }
}
