package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CopyOnWriteMemory} against Chicory's {@link ByteArrayMemory}: the same random sequence of every
 * memory operation, at page boundaries and out of bounds, must give the same values, the same bytes and
 * the same traps (class and message). The instance-level equivalence (fixtures, guests, globals) is in
 * {@link CopyOnWriteInstanceTest}.
 */
class CopyOnWriteMemoryTest {
    private static final int PAGE = Memory.PAGE_SIZE;

    @AfterAll
    static void sharedZeroPageWasNeverWritten() {
        assertTrue(CopyOnWriteMemory.zeroPageIntact(), "a write reached the shared zero page");
    }

    @Test
    void untouchedPagesShareTheZeroPageAndWritesGiveAPageItsOwnArray() { // no factory: no image
        CopyOnWriteMemory memory = new CopyOnWriteMemory(new MemoryLimits(32, 512));
        assertEquals(0, memory.privatePages());
        assertEquals(0, memory.readLong(5 * PAGE + 8));
        memory.writeI32(5 * PAGE + 8, 42);
        assertEquals(1, memory.privatePages());
        assertEquals(42, memory.readInt(5 * PAGE + 8));
        assertEquals(0, new CopyOnWriteMemory(new MemoryLimits(32, 512)).readInt(5 * PAGE + 8), "another memory still reads zero");
        memory.writeLong(7 * PAGE - 4, -1L); // straddles pages 6 and 7
        assertEquals(3, memory.privatePages());
        memory.fill((byte) 0, 6 * PAGE, 7 * PAGE); // a whole page of zeros gives its array back
        assertEquals(2, memory.privatePages());
        assertEquals(0xFFFFFFFFL, memory.readInt(7 * PAGE) & 0xFFFFFFFFL);
        assertEquals(32, memory.grow(8));
        assertEquals(40, memory.pages());
        assertEquals(2, memory.privatePages(), "grown pages are shared zeros until written");
        memory.zero();
        assertEquals(0, memory.privatePages());
    }

    @Test
    void laterInstancesShareTheImageAndCopyAPageOnWrite() {
        CleanHost host = CleanHost.builder(Guests.module("strings", ExecutionMode.COMPILED)).console(text -> { }).build();
        CopyOnWriteMemory.Factory factory = (CopyOnWriteMemory.Factory) host.memoryFactory();
        assertTrue(!factory.hasImage());
        CleanInstance first = host.newInstance();
        assertTrue(factory.hasImage(), "the first instance's data segments became the image");
        Memory a = host.newInstance().chicory().memory();
        Memory b = host.newInstance().chicory().memory();
        assertEquals(0, ((CopyOnWriteMemory) a).privatePages());
        byte[] before = b.readBytes(0, b.pages() * PAGE);
        assertArrayEquals(first.chicory().memory().readBytes(0, b.pages() * PAGE), before);
        for (int page = 0; page < a.pages(); page++) {
            a.writeI32(page * PAGE + 16, 0x5A5A5A5A); // every page, the imaged data pages included
        }
        assertEquals(a.pages(), ((CopyOnWriteMemory) a).privatePages());
        assertArrayEquals(before, b.readBytes(0, b.pages() * PAGE), "a sibling's writes do not reach the image");
        assertArrayEquals(before, host.newInstance().chicory().memory().readBytes(0, b.pages() * PAGE));
    }

    @Test
    void sharedMemoriesStayWithByteArrayMemory() {
        assertTrue(CopyOnWriteMemory.factory().apply(new MemoryLimits(1, 2, true)) instanceof ByteArrayMemory);
        assertTrue(CopyOnWriteMemory.factory().apply(new MemoryLimits(1, 2)) instanceof CopyOnWriteMemory);
        assertThrows(IllegalArgumentException.class, () -> new CopyOnWriteMemory(new MemoryLimits(1, 2, true)));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyOperationMatchesByteArrayMemory(long seed) {
        MemoryLimits limits = new MemoryLimits(3, 6);
        Memory ours = new CopyOnWriteMemory(limits);
        Memory chicory = new ByteArrayMemory(limits);
        Random random = new Random(seed);
        int traps = 0;
        for (int step = 0; step < 4000; step++) {
            int op = random.nextInt(22);
            int addr = address(random, ours.pages());
            long value = random.nextLong();
            int len = random.nextInt(4) == 0 ? random.nextInt(3 * PAGE) : random.nextInt(40);
            int other = address(random, ours.pages());
            String what = "seed " + seed + " step " + step + " op " + op + " addr " + addr;
            String expected = outcome(chicory, op, addr, value, len, other);
            assertEquals(expected, outcome(ours, op, addr, value, len, other), what);
            assertEquals(chicory.pages(), ours.pages(), what);
            if (expected.startsWith(WasmRuntimeException.class.getName())) {
                traps++;
            }
        }
        assertTrue(traps > 100 && traps < 3000, "the sequence exercises both paths: " + traps + " traps in 4000 steps");
        int size = chicory.pages() * PAGE;
        assertArrayEquals(chicory.readBytes(0, size), ours.readBytes(0, size), "final contents, seed " + seed);
    }

    /** Addresses cluster at page boundaries and the end of memory, where the slow paths and traps are. */
    private static int address(Random random, int pages) {
        switch (random.nextInt(6)) {
            case 0:
                return random.nextInt(pages * PAGE);
            case 1:
                return (1 + random.nextInt(pages)) * PAGE - random.nextInt(9);
            case 2:
                return pages * PAGE - random.nextInt(12) + random.nextInt(12);
            case 3:
                return random.nextInt(8) == 0 ? -1 - random.nextInt(100) : random.nextInt(64);
            default:
                return random.nextInt(PAGE / 4) * 4 + random.nextInt(pages) * PAGE;
        }
    }

    /** What one operation returned or how it failed, as a comparable string. */
    private static String outcome(Memory m, int op, int addr, long value, int len, int other) {
        try {
            switch (op) {
                case 0: m.writeByte(addr, (byte) value); return "ok";
                case 1: m.writeShort(addr, (short) value); return "ok";
                case 2: m.writeI32(addr, (int) value); return "ok";
                case 3: m.writeLong(addr, value); return "ok";
                case 4: m.writeF32(addr, Float.intBitsToFloat((int) value)); return "ok";
                case 5: m.writeF64(addr, Double.longBitsToDouble(value)); return "ok";
                case 6: return "b" + m.read(addr);
                case 7: return "s" + m.readShort(addr) + "/" + m.readU16(addr);
                case 8: return "i" + m.readInt(addr) + "/" + m.readF32(addr);
                case 9: return "l" + m.readLong(addr) + "/" + m.readF64(addr);
                case 10: return "f" + Float.floatToRawIntBits(m.readFloat(addr));
                case 11: return "d" + Double.doubleToRawLongBits(m.readDouble(addr));
                case 12: m.write(addr, bytes(value, len), 0, len); return "ok";
                case 13: return "r" + java.util.Arrays.hashCode(m.readBytes(addr, len));
                case 14: m.fill((byte) value, addr, addr + len); return "ok";
                case 15: m.fill((byte) 0, addr, addr + len); return "ok";
                case 16: m.copy(addr, other, len); return "ok";
                case 17: m.copy(other, addr, len); return "ok";
                case 18: return "g" + m.grow((int) (value & 1));
                case 19: m.write(addr, bytes(value, len), len / 3, len - len / 3); return "ok";
                case 20: m.fill((byte) 0, addr & ~(PAGE - 1), (addr & ~(PAGE - 1)) + PAGE); return "ok";
                default: return "p" + m.pages() + "/" + m.maximumPages() + "/" + m.initialPages();
            }
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static byte[] bytes(long seed, int len) {
        byte[] out = new byte[len];
        new Random(seed).nextBytes(out);
        return out;
    }

    @Test
    void outOfBoundsAccessTrapsWithChicorysMessage() {
        Memory ours = new CopyOnWriteMemory(new MemoryLimits(1, 1));
        WasmRuntimeException e = assertThrows(WasmRuntimeException.class, () -> ours.writeI32(PAGE, 1));
        assertEquals("out of bounds memory access: attempted to access address: 65536 but limit is: 65536 and size: 4",
                e.getMessage());
        assertEquals(-1, ours.grow(1));
    }

    @Test
    void hostsUseCopyOnWriteMemoryByDefault() {
        CleanHost host = CleanHost.builder(Guests.module("strings", ExecutionMode.COMPILED)).console(text -> { }).build();
        assertTrue(host.newInstance().chicory().memory() instanceof CopyOnWriteMemory);
        System.setProperty(CleanHost.EAGER_MEMORY_PROPERTY, "true");
        try {
            CleanHost eager = CleanHost.builder(Guests.module("strings", ExecutionMode.COMPILED)).console(text -> { }).build();
            assertTrue(eager.newInstance().chicory().memory() instanceof ByteArrayMemory);
        } finally {
            System.clearProperty(CleanHost.EAGER_MEMORY_PROPERTY);
        }
    }
}
