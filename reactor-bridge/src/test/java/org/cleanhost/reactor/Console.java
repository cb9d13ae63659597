package org.cleanhost.reactor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cleanhost.wasm.GuestConsole;

/**
 * A thread-safe {@link GuestConsole} that keeps everything the guest printed, and on which thread, so a
 * test can assert output, its order, and that guest code never ran on a non-blocking thread.
 */
final class Console implements GuestConsole {
    private final StringBuilder out = new StringBuilder();
    private final List<String> threads = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    @Override
    public synchronized void print(String text) {
        out.append(text);
        threads.add(Thread.currentThread().getName());
        notifyAll();
    }

    @Override
    public synchronized void error(String message) {
        errors.add(message);
    }

    synchronized String out() {
        return out.toString();
    }

    /** Complete lines printed so far. */
    synchronized List<String> lines() {
        String all = out.toString();
        if (all.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(Arrays.asList(all.split("\n", -1)));
        lines.remove(lines.size() - 1); // text after the last "\n" (normally "")
        return lines;
    }

    synchronized long count(String line) {
        return lines().stream().filter(line::equals).count();
    }

    /** Names of the threads that printed. */
    synchronized List<String> threads() {
        return List.copyOf(threads);
    }

    /** Blocks the (test) thread until {@code line} was printed, or fails. */
    synchronized void awaitLine(String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!lines().contains(line)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the guest did not print '" + line + "' within " + timeout + "; output: " + out);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for '" + line + "'", e);
            }
        }
    }
}
