package org.cleanhost.wasm;

import java.io.PrintStream;

/**
 * Where a guest's console output goes. {@code print} and {@code printl} arrive as exactly the text
 * the guest printed ({@code printl} with a trailing {@code "\n"}); {@code error} carries a message the
 * guest reported through {@code env.error} or {@code env.console_error}, {@code warn} one from
 * {@code env.console_warn}.
 *
 * <p>Called on the thread running guest code, possibly from several threads at once when several
 * instances share one console: implementations must be thread-safe and should not block for long.
 */
@FunctionalInterface
public interface GuestConsole {

    /** Text the guest printed, without any added separator. */
    void print(String text);

    /** A message the guest reported through {@code env.error}. Defaults to standard error. */
    default void error(String message) {
        System.err.println("guest error: " + message);
    }

    /** A warning the guest reported through {@code env.console_warn}. Defaults to {@link #error}. */
    default void warn(String message) {
        error(message);
    }

    /** Writes to {@code out} and flushes after every write, so output appears as it happens. */
    static GuestConsole to(PrintStream out) {
        return text -> {
            out.print(text);
            out.flush();
        };
    }

    /** Standard output. The default console. */
    static GuestConsole stdout() {
        return to(System.out);
    }
}
