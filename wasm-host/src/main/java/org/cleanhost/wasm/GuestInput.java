package org.cleanhost.wasm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers the guest's {@code env.input(prompt)}. Called on the thread running guest code; may block.
 */
@FunctionalInterface
public interface GuestInput {

    /**
     * @param prompt the prompt the guest passed (the host does not print it; the implementation may)
     * @return the line read without its terminator, or {@code null} at end of input (the guest then sees "")
     */
    String readLine(String prompt);

    /** Reads lines from standard input, printing the prompt to {@code console} first. */
    static GuestInput stdin(GuestConsole console) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return prompt -> {
            if (!prompt.isEmpty()) {
                console.print(prompt);
            }
            try {
                synchronized (reader) {
                    return reader.readLine();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Always end of input. */
    static GuestInput none() {
        return prompt -> null;
    }
}
