package org.cleanhost.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.cleanhost.wasm.CleanHost;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.ExecutionMode;
import org.cleanhost.wasm.GuestConsole;

/**
 * The benchmark guests (src/main/resources/guests, built by scripts/build-guests.sh; see each .wat's
 * header for the Clean program it lowers) and the real Clean compiler fixtures in
 * {@code ../shared/fixtures/cln-0.33}, which exist only beside CI's clone: benchmarks that need them are
 * skipped by scripts/bench.sh when they are absent, and fail their setup with a clear message when run
 * by hand.
 */
public final class Guests {
    /** Synchronous guest without async imports: {@code inc}, {@code work}. */
    public static final String CPU = "bench_cpu";
    /** ID ABI guest: {@code roundtrips}, {@code pendingOwned}, {@code pendingJava}, {@code fanout}, {@code workTask}. */
    public static final String ASYNC = "bench_async";
    /** The real cln 0.33 module the execution-mode and instance benchmarks run. */
    public static final String FIXTURE = "else_break_inside_while.wasm";
    /** Where the real fixtures are looked for; scripts/bench.sh passes it as an absolute path. */
    public static final String SHARED_DIR_PROPERTY = "clean.shared.dir";

    /** Guest output is thrown away: benchmarks measure the host, not the terminal. */
    public static final GuestConsole DISCARD = text -> { };

    private Guests() {}

    /** The bytes of a benchmark guest. */
    public static byte[] bytes(String name) {
        String resource = "/guests/" + name + ".wasm";
        try (InputStream in = Guests.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class path resource " + resource + " (run scripts/build-guests.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CleanModule module(String name, ExecutionMode mode) {
        return CleanModule.load(bytes(name), mode);
    }

    /** A host for a module without async imports, console discarded. */
    public static CleanHost plainHost(CleanModule module) {
        return CleanHost.builder(module).console(DISCARD).build();
    }

    /** The real fixture's path when ../shared is present. */
    public static Optional<Path> fixture(String file) {
        Path path = Path.of(System.getProperty(SHARED_DIR_PROPERTY, "../shared"), "fixtures", "cln-0.33", file);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /** The real fixture's bytes, or an exception saying it is absent and how bench.sh skips it. */
    public static byte[] fixtureBytes(String file) {
        Path path = fixture(file).orElseThrow(() -> new IllegalStateException("skipped: fixture " + file
                + " is absent (set -D" + SHARED_DIR_PROPERTY + "=<dir containing fixtures/cln-0.33>);"
                + " scripts/bench.sh leaves the fixture cases out when ../shared is missing"));
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails fast when a benchmark guest does not compute what the benchmark assumes. */
    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark self-check failed: " + what);
        }
    }
}
