package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanMemoryException;
import org.cleanhost.wasm.CleanTrapException;

/** The one place where anything thrown around guest work becomes the typed {@link CleanException} publishers emit. */
final class Failures {
    private static final String OUT_OF_MEMORY = "the JVM ran out of memory while running guest work; the instance was discarded";
    /** The last resort when even a small exception cannot be allocated: allocated up front. */
    private static final CleanMemoryException PREALLOCATED = new CleanMemoryException(OUT_OF_MEMORY);

    private Failures() {}

    /** For when describing a failure itself ran out of memory: the smallest typed error there is. */
    static CleanException outOfMemory() {
        try {
            return new CleanMemoryException(OUT_OF_MEMORY);
        } catch (VirtualMachineError stillNoHeap) {
            return PREALLOCATED;
        }
    }

    /**
     * @param where what was running ("export 'report'", "creating an instance"), for the message
     * @param error anything thrown, including {@link VirtualMachineError}s caused by guest work
     */
    static CleanException typed(String where, Throwable error) {
        if (error instanceof CleanException) {
            return (CleanException) error;
        }
        if (error instanceof OutOfMemoryError) {
            CleanMemoryException typed = new CleanMemoryException(where + ": the JVM ran out of memory ("
                    + error.getMessage() + "); lower maxMemoryPages or the pool size");
            typed.initCause(error);
            return typed;
        }
        if (error instanceof StackOverflowError) {
            return new CleanTrapException(where, "call stack exhausted", error);
        }
        return new CleanException(where + " failed unexpectedly: " + error, error);
    }
}
