package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link GuestMemory#readUtf8} remembers recently decoded short strings by pointer: whatever the guest does to
 * the bytes in between, a read must return exactly what memory holds now, on both memory implementations.
 */
@ParameterizedClass(name = "eagerMemory={0}")
@ValueSource(booleans = {false, true})
class GuestStringCacheTest {
    private final boolean eagerMemory;
    private GuestMemory memory;

    GuestStringCacheTest(boolean eagerMemory) {
        this.eagerMemory = eagerMemory;
    }

    @BeforeEach
    void instance() {
        if (eagerMemory) {
            System.setProperty(CleanHost.EAGER_MEMORY_PROPERTY, "true");
        }
        try {
            CleanHost host = CleanHost.builder(Guests.module("strings", ExecutionMode.COMPILED)).console(text -> { }).build();
            memory = host.newInstance().memory();
        } finally {
            System.clearProperty(CleanHost.EAGER_MEMORY_PROPERTY);
        }
    }

    private String put(long addr, String text) {
        memory.write("test", addr, text.getBytes(StandardCharsets.UTF_8));
        return memory.readUtf8("test", addr, text.getBytes(StandardCharsets.UTF_8).length);
    }

    private String read(long addr, int len) {
        return memory.readUtf8("test", addr, len);
    }

    @Test
    void unchangedBytesGiveTheSameString() {
        String first = put(1000, "java.echo");
        assertEquals("java.echo", first);
        assertSame(first, read(1000, 9), "decoded once, then compared");
    }

    @Test
    void bytesRewrittenInPlaceAreReadAnew() {
        assertEquals("alpha", put(1000, "alpha"));
        assertEquals("alphb", put(1000, "alphb"), "same pointer and length, last byte changed");
        assertEquals("blpha", put(1000, "blpha"), "first byte changed");
        assertEquals("blph", read(1000, 4), "same pointer, shorter");
        assertEquals("blpha\0", read(1000, 6), "same pointer, longer");
        assertEquals("", read(1000, 0));
    }

    @Test
    void sameTextAtAnotherPointerIsItsOwnEntry() {
        String a = put(2000, "task");
        String b = put(3000, "task");
        assertEquals(a, b);
        memory.write("test", 2000, "TASK".getBytes(StandardCharsets.US_ASCII));
        assertEquals("TASK", read(2000, 4));
        assertEquals("task", read(3000, 4));
    }

    @Test
    void manyPointersCollidingInTheCacheStayExact() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 200; i++) {
                put(4096 + i * 24L, "s" + i + "r" + round);
            }
            for (int i = 0; i < 200; i++) {
                String expected = "s" + i + "r" + round;
                assertEquals(expected, read(4096 + i * 24L, expected.length()));
            }
        }
    }

    @Test
    void multiByteAndInvalidUtf8() {
        assertEquals("héllo→", put(9000, "héllo→"));
        byte[] invalid = {'o', 'k', (byte) 0xC3};
        memory.write("test", 9000, invalid);
        assertThrows(CleanMemoryException.class, () -> read(9000, 3), "a truncated sequence is invalid");
        assertThrows(CleanMemoryException.class, () -> read(9000, 3), "and stays invalid: errors are not cached");
        assertEquals("ok", read(9000, 2));
    }

    @Test
    void longStringsAreNeverStale() {
        String long1 = "x".repeat(100);
        assertEquals(long1, put(12000, long1));
        String long2 = "x".repeat(99) + "y";
        assertEquals(long2, put(12000, long2));
        assertNotSame(read(12000, 100), read(12000, 100), "long strings are decoded every time");
    }

    @Test
    void stringsAcrossAPageBoundary() {
        assumeTrue(memory.pages() >= 2, "the strings guest has one page only");
        long addr = 65536 - 3;
        assertEquals("abcdef", put(addr, "abcdef"));
        assertEquals("abcdeg", put(addr, "abcdeg"), "changed on the second page");
        assertEquals("Xbcdeg", put(addr, "Xbcdeg"), "changed on the first page");
    }

    @Test
    void outOfBoundsStillFailsTyped() {
        long end = (long) memory.pages() * 65536;
        put(end - 4, "edge");
        assertEquals("edge", read(end - 4, 4));
        assertThrows(CleanMemoryException.class, () -> read(end - 4, 5));
        assertThrows(CleanMemoryException.class, () -> read(end, 1));
    }
}
