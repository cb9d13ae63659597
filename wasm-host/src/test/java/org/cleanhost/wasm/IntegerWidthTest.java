package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Clean declares integer bridge parameters i64 (cln 0.33) or i32; guests/width_i32.wat and width_i64.wat
 * declare env.print_integer and env._server_sleep with each width and must both link and behave alike.
 */
class IntegerWidthTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"width_i32, COMPILED", "width_i32, INTERPRETED", "width_i64, COMPILED", "width_i64, INTERPRETED"})
    void declaredWidthLinksAndWorks(String guest, ExecutionMode mode) {
        CleanModule module = Guests.module(guest, mode);
        String width = guest.substring("width_".length());
        assertTrue(module.imports().stream().anyMatch(i -> i.qualifiedName().equals("env.print_integer")
                && i.signature().equals("(" + width + ") -> ()")), "the guest really declares " + width + ": " + module.imports());
        Guests.Console console = new Guests.Console();
        CleanInstance instance = CleanHost.builder(module).console(console).build().newInstance();

        instance.call("start", Void.class);
        assertEquals("-427", console.out(), "negative values keep their sign whatever the width");

        instance.call("show", Void.class, Integer.MIN_VALUE);
        instance.call("show", Void.class, 0);
        assertEquals("-427" + Integer.MIN_VALUE + "0", console.out());

        long start = System.nanoTime();
        instance.call("nap", Void.class, 120);
        long sleptMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(sleptMs >= 100 && sleptMs < 2_000, "_server_sleep(120) slept " + sleptMs + " ms");
        instance.call("nap", Void.class, -5); // a negative sleep returns at once
        assertFalse(instance.isBroken());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"width_i32", "width_i64"})
    void sleepHonoursTheDeadlineInBothWidths(String guest) {
        CleanInstance instance = CleanHost.builder(Guests.module(guest, ExecutionMode.COMPILED)).console(t -> {}).build().newInstance();
        long start = System.nanoTime();
        assertThrows(CleanTimeoutException.class, () -> instance.call(Duration.ofMillis(100), "nap", Void.class, 5_000));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "the sleep was cut short");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void largeI64ValuesPrintExactly() {
        Guests.Console console = new Guests.Console();
        CleanInstance instance = CleanHost.builder(Guests.module("width_i64", ExecutionMode.INTERPRETED)).console(console).build().newInstance();
        instance.call("show", Void.class, Long.MAX_VALUE);
        instance.call("show", Void.class, -(1L << 40));
        assertEquals(Long.MAX_VALUE + "" + -(1L << 40), console.out());
    }
}
