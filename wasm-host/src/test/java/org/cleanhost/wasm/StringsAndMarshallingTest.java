package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Strings, console imports and value marshalling against guests/strings.wat, in both execution modes. */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
class StringsAndMarshallingTest {
    private static final String MULTI_BYTE = "héllo wörld ✓ 日本語 🎉";

    private final ExecutionMode mode;
    private final Guests.Console console = new Guests.Console();
    private final Deque<String> lines = new ArrayDeque<>();
    private final List<String> prompts = new ArrayList<>();
    private CleanInstance guest;

    StringsAndMarshallingTest(ExecutionMode mode) {
        this.mode = mode;
    }

    @BeforeEach
    void instantiate() {
        CleanHost host = CleanHost.builder(Guests.module("strings", mode))
                .console(console)
                .input(prompt -> {
                    prompts.add(prompt);
                    return lines.poll(); // null at the end: the guest must see ""
                })
                .build();
        guest = host.newInstance();
    }

    @Test
    void stringArgumentsAndResultsRoundTrip() {
        assertEquals("plain ascii", guest.call("echo", String.class, "plain ascii"));
        assertEquals(MULTI_BYTE, guest.call("echo", String.class, MULTI_BYTE));
        assertEquals("", guest.call("echo", String.class, ""));
        assertEquals("nul\0inside", guest.call("echo", String.class, "nul\0inside"));
    }

    @Test
    void lengthPrefixIsTheUtf8ByteCount() {
        int bytes = MULTI_BYTE.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes > MULTI_BYTE.length(), "the sample must contain multi-byte characters");
        assertEquals(bytes, guest.call("byte_length", Integer.class, MULTI_BYTE));
        assertEquals(0, guest.call("byte_length", Integer.class, ""));
    }

    @Test
    void greetConcatenatesThroughTheStringConcatImport() {
        assertEquals("Hello, Ada!", guest.call("greet", String.class, "Ada"));
        assertEquals("Hello, " + MULTI_BYTE + "!", guest.call("greet", String.class, MULTI_BYTE));
        assertEquals("Hello, !", guest.call("greet", String.class, ""));
    }

    @Test
    void printAddsNoNewlineAndPrintlAddsExactlyOne() {
        guest.call("say", Void.class, "a");
        guest.call("say", Void.class, "b ");
        guest.call("sayl", Void.class, MULTI_BYTE);
        guest.call("sayl", Void.class, "");
        guest.call("say", Void.class, "end");
        assertEquals("ab " + MULTI_BYTE + "\n\nend", console.out());
        assertTrue(console.errors().isEmpty());
    }

    @Test
    void printIntegerPrintsTheI64Value() {
        guest.call("show_integer", Void.class, -5L);
        guest.call("show_integer", Void.class, " ".length()); // an Integer widens to the declared i64
        guest.call("show_integer", Void.class, Long.MAX_VALUE);
        guest.call("show_integer", Void.class, Long.MIN_VALUE);
        assertEquals("-51" + Long.MAX_VALUE + Long.MIN_VALUE, console.out());
    }

    @Test
    void printFloatUsesCleanNumberFormatting() {
        double[] values = {3.0, 2.5, 0.1, -0.0, 1250000.5, 1e21, 1e-7, Double.NaN, Double.NEGATIVE_INFINITY};
        for (double v : values) {
            guest.call("show_number", Void.class, v);
            guest.call("say", Void.class, "|");
        }
        assertEquals("3|2.5|0.1|0|1250000.5|1000000000000000000000|0.0000001|NaN|-Infinity|", console.out());
    }

    @Test
    void printBooleanPrintsTrueOrFalse() {
        guest.call("show_boolean", Void.class, true);
        guest.call("show_boolean", Void.class, false);
        guest.call("show_boolean", Void.class, 7); // any non-zero i32 is true
        assertEquals("truefalsetrue", console.out());
    }

    @Test
    void floatToStringAndBack() {
        assertAll(
                () -> assertEquals("3", guest.call("number_text", String.class, 3.0)),
                () -> assertEquals("-2.5", guest.call("number_text", String.class, -2.5)),
                () -> assertEquals("0.1", guest.call("number_text", String.class, 0.1)),
                () -> assertEquals("1250000.5", guest.call("number_text", String.class, 1250000.5)),
                () -> assertEquals("Infinity", guest.call("number_text", String.class, Double.POSITIVE_INFINITY)),
                () -> assertEquals("NaN", guest.call("number_text", String.class, Double.NaN)),
                () -> assertEquals(2.5, guest.call("parse_number", Double.class, " 2.5 ")),
                () -> assertEquals(-1000.0, guest.call("parse_number", Double.class, "-1e3")),
                () -> assertEquals(Double.NaN, guest.call("parse_number", Double.class, "twelve")),
                () -> assertEquals(Double.NaN, guest.call("parse_number", Double.class, "")));
        for (double v : new double[] {0, 1, -1, 0.1, 1.0 / 3, 123456789.125, 1e21, 1e-7, -4.9e-324, Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertEquals(v, guest.call("round_trip", Double.class, v), "round trip of " + v);
        }
        assertTrue(Double.isNaN(guest.call("round_trip", Double.class, Double.NaN)));
    }

    @Test
    void inputReadsLinesAndGivesEmptyStringAtEndOfInput() {
        lines.add("Ada");
        lines.add(MULTI_BYTE);
        assertEquals("Ada", guest.call("ask", String.class, "Name? "));
        assertEquals(MULTI_BYTE, guest.call("ask", String.class, "Again ✓ "));
        assertEquals("", guest.call("ask", String.class, "More? "));
        assertEquals("", guest.call("ask_no_prompt", String.class));
        assertEquals(List.of("Name? ", "Again ✓ ", "More? ", ""), prompts);
        assertEquals("", console.out(), "the host does not print the prompt itself");
    }

    @Test
    void errorReachesTheConsoleErrorChannel() {
        guest.call("report", Void.class, "disk full ✓");
        guest.call("report", Void.class, "");
        assertEquals(List.of("disk full ✓", ""), console.errors());
        assertEquals("", console.out());
    }

    @Test
    void memAllocReturnsAUsableGuestPointer() {
        assertEquals("ok", guest.call("make_ok", String.class));
        int heapBefore = guest.call("heap_top", Integer.class);
        int p = guest.call("alloc", Integer.class, 100);
        assertTrue(p >= 4096, "allocated above the data segments: " + p);
        assertEquals(0, p % 8, "8-byte aligned: " + p);
        assertEquals(heapBefore, p, "a bump allocation starts at the heap top");
        assertEquals(p, guest.call("alloc", Integer.class, 100), "the heap was rewound after the previous call");
        assertEquals(heapBefore, guest.call("heap_top", Integer.class));
    }

    @Test
    void numbersAndBooleansCrossInBothDirections() {
        assertAll(
                () -> assertEquals(5, guest.call("add_i32", Integer.class, 2, 3)),
                () -> assertEquals(Integer.MIN_VALUE, guest.call("add_i32", Integer.class, Integer.MAX_VALUE, 1)),
                () -> assertEquals(0, guest.call("add_i32", Integer.class, 0xFFFF_FFFFL, 1), "u32 range is accepted"),
                () -> assertEquals(-3L, guest.call("add_i32", Long.class, -1, -2)),
                () -> assertEquals(Long.MAX_VALUE, guest.call("add_i64", Long.class, Long.MAX_VALUE - 1, 1L)),
                () -> assertEquals(1L << 40, guest.call("add_i64", Long.class, 1L << 39, 1L << 39)),
                () -> assertEquals(2.5, guest.call("half", Double.class, 5.0)),
                () -> assertEquals(2.5, guest.call("half", Double.class, 5), "integers widen to f64"),
                () -> assertEquals(Boolean.FALSE, guest.call("negate", Boolean.class, true)),
                () -> assertEquals(Boolean.TRUE, guest.call("negate", Boolean.class, false)),
                () -> assertEquals(Boolean.TRUE, guest.call("is_negative", Boolean.class, -1L)),
                () -> assertEquals(Boolean.FALSE, guest.call("is_negative", Boolean.class, Long.MAX_VALUE)),
                () -> assertArrayEquals(new long[] {7}, guest.call("add_i64", long[].class, 3L, 4L)));
    }

    @Test
    void badArgumentsAreRejectedAndTheInstanceStaysUsable() {
        int heap = guest.call("heap_top", Integer.class);
        assertAll(
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("echo", String.class)),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("echo", String.class, "a", "b")),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("add_i64", Long.class, "1", 2L)),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("half", Double.class, true)),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("half", Double.class, "2")),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("add_i32", Integer.class, 1L << 40, 1)),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("add_i32", Integer.class, 1, null)),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("add_i32", Integer.class, 1.5, 1)),
                // the String is already in guest memory when the second argument is rejected
                () -> assertThrows(CleanArgumentException.class,
                        () -> guest.call("add_i32", Integer.class, "x".repeat(10_000), 1L << 40)),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("half", String.class, 1.0)),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("say", Integer.class, "x")),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("no_such_export", Void.class)),
                () -> assertThrows(CleanArgumentException.class, () -> guest.call("__heap_ptr", Integer.class)));
        assertFalse(guest.isBroken());
        assertEquals(heap, guest.call("heap_top", Integer.class), "rejected calls leave no allocation behind");
        assertEquals("still fine", guest.call("echo", String.class, "still fine"));
        assertEquals("", console.out());
    }

    @Test
    void perCallHeapRewindKeepsManyBigCallsBounded() {
        // Memory may grow to 16 pages (1 MiB); 120 calls x 3 copies of 100 KB would need ~36 MB without rewinding.
        String big = "ü".repeat(50_000) + "✓"; // 100,003 UTF-8 bytes
        assertEquals("Hello, " + big + "!", guest.call("greet", String.class, big));
        int heap = guest.call("heap_top", Integer.class);
        long growth = guest.memoryGrowthBytes();
        assertTrue(growth > 0, "the first 100 KB argument grew the 2-page memory");
        for (int i = 0; i < 120; i++) {
            String arg = i + big;
            assertEquals("Hello, " + arg + "!", guest.call("greet", String.class, arg));
            assertEquals(arg, guest.call("echo", String.class, arg));
        }
        assertEquals(heap, guest.call("heap_top", Integer.class), "__heap_ptr is back where it was");
        assertEquals(growth, guest.memoryGrowthBytes(), "memory did not grow after the first call");
        assertFalse(guest.isBroken());
    }
}
