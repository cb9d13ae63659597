package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanMemoryException;
import org.cleanhost.wasm.CleanTrapException;

/** The one place where anything thrown around guest work becomes the typed {@link CleanException} publishers emit. */
final class Failures {
    private Failures() {}

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
