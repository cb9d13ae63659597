package org.cleanhost.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The WAT guests in src/test/resources/guests (built by scripts/build-guests.sh), loaded once per mode. */
final class Guests {
    private static final Map<String, CleanModule> MODULES = new ConcurrentHashMap<>();

    private Guests() {}

    /** The bytes of {@code guests/<name>.wasm}. */
    static byte[] bytes(String name) {
        String resource = "/guests/" + name + ".wasm";
        try (InputStream in = Guests.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + ": run scripts/build-guests.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parsed (and, in COMPILED mode, compiled) module; shared by the tests, it is immutable. */
    static CleanModule module(String name, ExecutionMode mode) {
        return MODULES.computeIfAbsent(name + "/" + mode, k -> CleanModule.load(bytes(name), mode));
    }

    /** A thread-safe console that keeps everything the guest printed and reported. */
    static final class Console implements GuestConsole {
        private final StringBuffer out = new StringBuffer();
        private final List<String> errors = new CopyOnWriteArrayList<>();

        @Override
        public void print(String text) {
            out.append(text);
        }

        @Override
        public void error(String message) {
            errors.add(message);
        }

        String out() {
            return out.toString();
        }

        List<String> errors() {
            return Collections.unmodifiableList(errors);
        }
    }
}
