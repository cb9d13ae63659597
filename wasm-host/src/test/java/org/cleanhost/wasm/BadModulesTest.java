package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bytes that are not a runnable module, and memory limits, fail with CleanModuleException or inside the guest. */
class BadModulesTest {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void emptyBytes(ExecutionMode mode) {
        CleanModuleException e = assertThrows(CleanModuleException.class, () -> CleanModule.load(new byte[0], mode));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertThrows(CleanModuleException.class, () -> CleanModule.load((byte[]) null, mode));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void randomBytes(ExecutionMode mode) {
        Random random = new Random(20261126);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            if (i % 2 == 1) { // a valid header followed by garbage gets further into the parser
                System.arraycopy(HEADER, 0, bytes, 0, Math.min(HEADER.length, bytes.length));
            }
            expectModuleException(bytes, mode, "random sample " + i);
        }
        expectModuleException("not wasm at all".getBytes(StandardCharsets.UTF_8), mode, "text");
        expectModuleException(HEADER.clone(), mode, null); // header only: an empty module is valid, must not blow up
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void everyTruncationOfAGuestFailsCleanly(ExecutionMode mode) {
        byte[] whole = Guests.bytes("strings");
        int loaded = 0;
        for (int length = 1; length < whole.length; length++) {
            if (expectModuleException(Arrays.copyOf(whole, length), mode, null)) {
                loaded++;
            }
        }
        assertTrue(loaded < whole.length / 10, loaded + " truncations still loaded (only section boundaries may)");
        assertThrows(CleanModuleException.class, () -> CleanModule.load(Arrays.copyOf(whole, whole.length / 2), mode));
        assertThrows(CleanModuleException.class, () -> CleanModule.load(Arrays.copyOf(whole, whole.length - 1), mode));
    }

    @Test
    void truncatedRealCleanModule() throws Exception {
        byte[] whole = Files.readAllBytes(SharedFixtures.cln033("hello_world.wasm"));
        for (int length : new int[] {4, 9, 100, whole.length / 3, whole.length / 2, whole.length - 1}) {
            for (ExecutionMode mode : ExecutionMode.values()) {
                byte[] truncated = Arrays.copyOf(whole, length);
                assertThrows(CleanModuleException.class, () -> CleanModule.load(truncated, mode), length + " bytes, " + mode);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void invalidFunctionBodyIsRejected(ExecutionMode mode) {
        // (module (func (result i32))): the body leaves nothing on the stack, so validation must fail
        byte[] bytes = concat(HEADER,
                new byte[] {0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f}, // type section: () -> i32
                new byte[] {0x03, 0x02, 0x01, 0x00},                   // function section: one function of type 0
                new byte[] {0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b});      // code section: no locals, end
        assertThrows(CleanModuleException.class, () -> CleanHost.builder(CleanModule.load(bytes, mode)).build().newInstance());
    }

    @Test
    void initialMemoryAboveTheConfiguredCapIsRejected() {
        CleanModule module = Guests.module("strings", ExecutionMode.COMPILED);
        CleanModuleException e = assertThrows(CleanModuleException.class, () -> CleanHost.builder(module).maxMemoryPages(1).build());
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("1"), e.getMessage());
        assertEquals(2, CleanHost.builder(module).maxMemoryPages(2).build().maxMemoryPages());
        assertEquals(16, CleanHost.builder(module).build().maxMemoryPages(), "the module's own maximum");
        assertEquals(16, CleanHost.builder(module).maxMemoryPages(1000).build().maxMemoryPages(), "a cap never raises it");
        assertThrows(IllegalArgumentException.class, () -> CleanHost.builder(module).maxMemoryPages(0));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void mallocBeyondTheMemoryLimitReturnsZeroInsideTheGuest(ExecutionMode mode) {
        CleanModule module = Guests.module("strings", mode);
        CleanInstance instance = CleanHost.builder(module).build().newInstance();
        assertEquals(0, instance.call("malloc", Integer.class, 0x7FFF_FFF0), "2 GiB");
        assertEquals(0, instance.call("malloc", Integer.class, 2 << 20), "2 MiB > the module's 16 pages");
        assertEquals(0, instance.call("alloc", Integer.class, 2 << 20), "memory_runtime.mem_alloc passes the 0 on");
        assertEquals(0, instance.memoryGrowthBytes(), "failed allocations do not grow memory");
        int p = instance.call("malloc", Integer.class, 900_000);
        assertTrue(p > 0, "900 KB still fits in 16 pages");
        assertFalse(instance.isBroken());

        CleanInstance capped = CleanHost.builder(module).maxMemoryPages(3).build().newInstance();
        assertEquals(0, capped.call("malloc", Integer.class, 200_000), "needs 4 pages, the cap is 3");
        assertTrue(capped.call("malloc", Integer.class, 150_000) > 0, "fits in 3 pages");
        assertEquals(65536, capped.memoryGrowthBytes());
        CleanMemoryException tooBig = assertThrows(CleanMemoryException.class,
                () -> capped.call("echo", String.class, "x".repeat(200_000)));
        assertTrue(tooBig.getMessage().contains("malloc"), tooBig.getMessage());
        assertTrue(capped.memoryGrowthBytes() <= 65536, "never above the cap: " + capped.memoryGrowthBytes());
    }

    @Test
    void cleanMemorySectionIsReadAndValidated() {
        byte[] base = Guests.bytes("strings");
        CleanModule tiered = CleanModule.load(withCustomSection(base, "clean:memory",
                "{\"initial_pages\":3,\"max_pages\":8,\"tier\":\"small\"}"), ExecutionMode.INTERPRETED);
        assertEquals(new MemoryConfig(3, 8, "small"), tiered.memory());
        assertThrows(CleanModuleException.class, () -> CleanHost.builder(tiered).maxMemoryPages(2).build(),
                "the section's 3 initial pages are above a cap of 2");
        CleanInstance instance = CleanHost.builder(tiered).build().newInstance();
        assertEquals(0, instance.call("malloc", Integer.class, 8 * 65536), "the section's 8-page maximum applies");
        assertTrue(instance.call("malloc", Integer.class, 6 * 65536) > 0);

        assertEquals(new MemoryConfig(2, 16, "unspecified"), Guests.module("strings", ExecutionMode.INTERPRETED).memory());
        for (String bad : List.of("not json", "[1,2]", "{\"initial_pages\":9,\"max_pages\":4}")) {
            assertThrows(CleanModuleException.class,
                    () -> CleanModule.load(withCustomSection(base, "clean:memory", bad), ExecutionMode.INTERPRETED), bad);
        }
    }

    /** Loads {@code bytes}; returns true when it loaded, fails the test when anything but CleanModuleException escaped. */
    private static boolean expectModuleException(byte[] bytes, ExecutionMode mode, String mustFail) {
        try {
            CleanModule.load(bytes, mode);
        } catch (CleanModuleException expected) {
            return false;
        } catch (Throwable other) {
            throw new AssertionError(bytes.length + " bytes (" + mode + ") threw " + other + " instead of CleanModuleException", other);
        }
        if (mustFail != null) {
            throw new AssertionError(mustFail + " loaded as a module");
        }
        return true;
    }

    private static byte[] withCustomSection(byte[] module, String name, String payload) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] content = concat(leb(nameBytes.length), nameBytes, payload.getBytes(StandardCharsets.UTF_8));
        return concat(module, new byte[] {0}, leb(content.length), content);
    }

    private static byte[] leb(int value) {
        List<Byte> out = new ArrayList<>();
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.add((byte) (value != 0 ? b | 0x80 : b));
        } while (value != 0);
        byte[] bytes = new byte[out.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = out.get(i);
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
