package org.cleanhost.spring.boot;

import org.cleanhost.wasm.GuestConsole;
import org.slf4j.Logger;

/**
 * Guest output as log records: each {@code print}/{@code printl} one INFO record (the trailing newline of
 * {@code printl} dropped, empty output skipped), {@code env.error} a WARN record. Thread-safe.
 */
final class Slf4jGuestConsole implements GuestConsole {
    private final Logger log;

    Slf4jGuestConsole(Logger log) {
        this.log = log;
    }

    @Override
    public void print(String text) {
        String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (!line.isEmpty()) {
            log.info("{}", line);
        }
    }

    @Override
    public void error(String message) {
        log.warn("guest error: {}", message);
    }
}
