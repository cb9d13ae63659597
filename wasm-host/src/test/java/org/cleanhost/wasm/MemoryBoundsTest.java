package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A guest handing the host bad pointers and lengths (guests/bounds.wat) gets a CleanMemoryException naming
 * the import and the value, never an ArrayIndexOutOfBoundsException; the instance is broken and a fresh one works.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
class MemoryBoundsTest {
    private static final long MEMORY_BYTES = 2 * 65536; // bounds.wat starts with 2 pages

    private final ExecutionMode mode;
    private final Guests.Console console = new Guests.Console();
    private CleanHost host;

    MemoryBoundsTest(ExecutionMode mode) {
        this.mode = mode;
    }

    @BeforeEach
    void link() {
        host = CleanHost.builder(Guests.module("bounds", mode)).console(console).build();
    }

    /** Calls {@code export} on a fresh instance, expects a CleanMemoryException and checks the aftermath. */
    private CleanMemoryException rejects(String export, String importName, Object... args) {
        CleanInstance instance = host.newInstance();
        CleanMemoryException e;
        try {
            instance.call(export, long[].class, args);
            return fail(export + Arrays.toString(args) + " was accepted");
        } catch (CleanMemoryException expected) {
            e = expected;
        } catch (RuntimeException other) {
            throw new AssertionError(export + Arrays.toString(args) + " threw " + other + " instead of CleanMemoryException", other);
        }
        assertTrue(e.getMessage().contains(importName), "names " + importName + ": " + e.getMessage());
        assertTrue(instance.isBroken(), "a host error breaks the instance");
        assertThrows(IllegalStateException.class, () -> instance.call("fine", Void.class), "a broken instance refuses calls");
        String before = console.out();
        host.newInstance().call("fine", Void.class);
        assertEquals(before + "fine\n", console.out(), "a new instance from the same host works");
        return e;
    }

    private static void assertMentionsOneOf(CleanMemoryException e, String... values) {
        assertTrue(Arrays.stream(values).anyMatch(e.getMessage()::contains),
                "message names the bad value (one of " + Arrays.toString(values) + "): " + e.getMessage());
    }

    @Test
    void exactEndOfMemoryIsFine() {
        CleanInstance instance = host.newInstance();
        instance.call("printl_raw", Void.class, MEMORY_BYTES - 4, 4);
        instance.call("printl_raw", Void.class, MEMORY_BYTES, 0);
        assertEquals("\0\0\0\0\n\n", console.out());
        assertFalse(instance.isBroken());
    }

    @Test
    void printlOneBytePastTheEnd() {
        CleanMemoryException e = rejects("printl_raw", "env.printl", MEMORY_BYTES - 4, 5);
        assertMentionsOneOf(e, String.valueOf(MEMORY_BYTES + 1), String.valueOf(MEMORY_BYTES - 4));
    }

    @Test
    void printlPointerPastTheEnd() {
        CleanMemoryException e = rejects("printl_raw", "env.printl", 1 << 20, 4);
        assertMentionsOneOf(e, String.valueOf(1 << 20));
    }

    @Test
    void printlNegativeLength() {
        CleanMemoryException e = rejects("printl_raw", "env.printl", 1028, -1);
        assertMentionsOneOf(e, "-1", "4294967295");
    }

    @Test
    void printlPointerPlusLengthWrapsAround32Bits() {
        // 16 + 0xFFFFFFF8 wraps to 8 in 32-bit arithmetic: a naive end check would pass
        CleanMemoryException e = rejects("printl_raw", "env.printl", 16, 0xFFFF_FFF8L);
        assertMentionsOneOf(e, "-8", "4294967288");
        // 0xFFFFFFF0 + 0x20 wraps to 0x10
        CleanMemoryException high = rejects("printl_raw", "env.printl", 0xFFFF_FFF0L, 0x20);
        assertMentionsOneOf(high, "-16", "4294967280");
    }

    /** Issue 10: a pointer above 2^31 arrives sign-extended; it is reported unsigned, never as "pointer -16 is negative". */
    @Test
    void pointersAbove2To31AreUnsigned() {
        String memory = "out of bounds of memory (" + MEMORY_BYTES + " bytes)";
        for (CleanMemoryException e : new CleanMemoryException[] {
            rejects("printl_raw", "env.printl", 0xFFFF_FFF0L, 4),
            rejects("printl_raw", "env.printl", -16, 4),
            rejects("error_raw", "env.error", -16),
            rejects("concat_raw", "env.string.concat", 1024, 0x8000_0000L)}) {
            assertTrue(e.getMessage().contains("pointer 42949672") || e.getMessage().contains("pointer 2147483648"), e.getMessage());
            assertTrue(e.getMessage().contains(memory), e.getMessage());
            assertFalse(e.getMessage().contains("-16") || e.getMessage().contains("negative"), e.getMessage());
        }
        CleanMemoryException length = rejects("printl_raw", "env.printl", 1028, -1);
        assertTrue(length.getMessage().contains("4294967295"), "a length is unsigned too: " + length.getMessage());
    }

    @Test
    void concatWithALengthPrefixLargerThanMemory() {
        CleanMemoryException e = rejects("concat_huge_prefix", "env.string.concat");
        assertMentionsOneOf(e, String.valueOf(0x7FFF_FFF0L));
        assertMentionsOneOf(e, "1040");
    }

    @Test
    void concatWithANullPointer() {
        CleanMemoryException e = rejects("concat_raw", "env.string.concat", 0, 1024);
        assertMentionsOneOf(e, "null", " 0");
        rejects("concat_raw", "env.string.concat", 1024, 0);
        rejects("error_raw", "env.error", 0);
    }

    @Test
    void lpPointerWhoseLengthPrefixIsOutOfBounds() {
        CleanMemoryException e = rejects("concat_raw", "env.string.concat", 1024, MEMORY_BYTES - 2);
        assertMentionsOneOf(e, String.valueOf(MEMORY_BYTES - 2));
        rejects("error_raw", "env.error", -4);
    }

    @Test
    void invalidUtf8() {
        CleanMemoryException e = rejects("printl_bad_utf8", "env.printl");
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        assertMentionsOneOf(e, "1056");
        CleanMemoryException lp = rejects("concat_bad_utf8", "env.string.concat");
        assertTrue(lp.getMessage().contains("UTF-8"), lp.getMessage());
        assertMentionsOneOf(lp, "1064");
    }

    @Test
    void mallocThatReturnsZeroFailsStringArguments() {
        CleanInstance instance = CleanHost.builder(Guests.module("malloc_zero", mode)).console(console).build().newInstance();
        CleanMemoryException e = assertThrows(CleanMemoryException.class, () -> instance.call("byte_length", Integer.class, "hello"));
        assertTrue(e.getMessage().contains("malloc"), e.getMessage());
        assertTrue(e.getMessage().contains("returned 0"), e.getMessage());
        assertTrue(instance.isBroken(), "an instance out of guest memory is discarded");
        CleanInstance fresh = CleanHost.builder(Guests.module("malloc_zero", mode)).console(console).build().newInstance();
        CleanMemoryException empty = assertThrows(CleanMemoryException.class, () -> fresh.call("byte_length", Integer.class, ""));
        assertTrue(empty.getMessage().contains("malloc(4)"), "even \"\" needs its 4-byte length prefix: " + empty.getMessage());
        assertEquals(8, CleanHost.builder(Guests.module("malloc_zero", mode)).build().newInstance().call("add_one", Integer.class, 7));
    }

    @Test
    void memAllocWithANegativeSizeIsRejected() {
        CleanInstance instance = CleanHost.builder(Guests.module("strings", mode)).console(console).build().newInstance();
        CleanMemoryException e = assertThrows(CleanMemoryException.class, () -> instance.call("alloc", Integer.class, -1));
        assertTrue(e.getMessage().contains("memory_runtime.mem_alloc"), e.getMessage());
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertTrue(instance.isBroken());
    }

    @Test
    void anArgumentThatCannotBeAllocatedLeavesNoHalfWrittenArgumentsBehind() {
        CleanInstance instance = CleanHost.builder(Guests.module("strings", mode)).console(console).build().newInstance();
        int heap = instance.call("heap_top", Integer.class);
        // add_i32 takes two i32s, so both Strings become LP pointers; the second (2 MB) cannot fit in 16 pages
        CleanMemoryException e = assertThrows(CleanMemoryException.class,
                () -> instance.call("add_i32", Integer.class, "x".repeat(10_000), "y".repeat(2 << 20)));
        assertTrue(e.getMessage().contains("malloc"), e.getMessage());
        if (!instance.isBroken()) {
            assertEquals(heap, instance.call("heap_top", Integer.class),
                    "a still-usable instance must have its heap rewound (the first argument's 10 KB)");
        }
    }
}
