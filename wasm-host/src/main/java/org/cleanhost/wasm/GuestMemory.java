package org.cleanhost.wasm;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked access to one instance's linear memory following the Clean conventions: strings are
 * {@code [u32 LE length][UTF-8 bytes]} ("LP strings"), the host allocates through the exported
 * {@code malloc}, re-reads memory after it (it may have grown) and keeps {@code __heap_ptr} past what
 * it wrote. Every error names {@code where} (the import or export being served) and the bad value.
 */
final class GuestMemory {
    private static final int CACHED_MAX_LENGTH = 64;
    private static final int CACHE_SLOTS = 16; // a power of two

    /** {@code null} once {@link #release released}. */
    private Instance instance;
    /** The instance's memory, once looked up ({@code Instance.memory()} checks the imports on every call). */
    private Memory memory;
    private ExportFunction malloc;
    private GlobalInstance heapPtr;
    private boolean heapPtrLooked;

    // Recently decoded short strings, direct-mapped by pointer: a guest passes the same constants (task names,
    // "[]") again and again, so most reads are a compare of a few bytes instead of a copy, a decode and a String.
    private final long[] cachedPointers = new long[CACHE_SLOTS];
    private final byte[][] cachedBytes = new byte[CACHE_SLOTS][];
    private final String[] cachedStrings = new String[CACHE_SLOTS];

    GuestMemory(Instance instance) {
        this.instance = instance;
    }

    /** Forgets the engine's instance so that its memory can be collected; every later access fails typed. */
    void release() {
        instance = null;
        memory = null;
        malloc = null;
        heapPtr = null;
        heapPtrLooked = true;
    }

    private Memory memory(String where) {
        Memory memory = this.memory;
        if (memory != null) {
            return memory;
        }
        if (instance == null) {
            throw new CleanMemoryException(where + ": the instance was released after the JVM ran out of memory");
        }
        memory = instance.memory(); // the same object for the instance's life (growing happens inside it)
        if (memory == null) {
            throw new CleanMemoryException(where + ": the module has no linear memory");
        }
        this.memory = memory;
        return memory;
    }

    /**
     * Reads the UTF-8 bytes at {@code [ptr, ptr + len)}; both are the raw i32 values the guest passed, read as
     * unsigned 32-bit numbers (an i32 above 2^31 arrives sign-extended; it is a pointer, never negative).
     */
    String readUtf8(String where, long ptr, long len) {
        ptr = u32(ptr);
        len = u32(len);
        Memory memory = memory(where);
        checkRange(where, memory, ptr, len);
        if (len > CACHED_MAX_LENGTH) {
            return decode(where, memory.readBytes((int) ptr, (int) len), ptr);
        }
        int slot = (int) (ptr * 0x9E3779B97F4A7C15L >>> 60) & (CACHE_SLOTS - 1);
        byte[] cached = cachedBytes[slot];
        if (cached != null && cachedPointers[slot] == ptr && cached.length == len && regionEquals(memory, (int) ptr, cached)) {
            return cachedStrings[slot];
        }
        byte[] bytes = memory.readBytes((int) ptr, (int) len);
        String value = decode(where, bytes, ptr);
        cachedPointers[slot] = ptr;
        cachedBytes[slot] = bytes;
        cachedStrings[slot] = value;
        return value;
    }

    private static boolean regionEquals(Memory memory, int addr, byte[] expected) {
        if (memory instanceof CopyOnWriteMemory) {
            return ((CopyOnWriteMemory) memory).regionEquals(addr, expected);
        }
        for (int i = 0; i < expected.length; i++) {
            if (memory.read(addr + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads the LP string whose length prefix is at {@code ptr}. */
    String readLp(String where, long ptr) {
        return decode(where, readLpBytes(where, ptr), u32(ptr));
    }

    /** Allocates an LP string in the guest through {@code malloc} and returns its pointer. */
    int writeLp(String where, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int ptr = allocateBlock(where, 4L + bytes.length);
        Memory memory = memory(where);
        memory.writeI32(ptr, bytes.length);
        memory.write(ptr + 4, bytes);
        return ptr;
    }

    /**
     * Allocates {@code size} bytes through the guest's {@code malloc}, checks the answer lies in memory and
     * raises {@code __heap_ptr} past it, as for LP strings. The block's content is whatever malloc left there.
     */
    int allocateBlock(String where, long size) {
        if (size < 0 || size > 0x7FFF_FFFFL) {
            throw new CleanMemoryException(where + ": cannot allocate " + size + " bytes in the guest");
        }
        long ptr = malloc().apply(size)[0] & 0xFFFF_FFFFL;
        if (ptr == 0) {
            throw new CleanMemoryException(where + ": guest malloc(" + size + ") returned 0 (out of guest memory)");
        }
        Memory memory = memory(where); // re-read: malloc may have grown it
        if (ptr + size > byteSize(memory)) {
            throw new CleanMemoryException(where + ": guest malloc(" + size + ") returned " + ptr
                    + ", past the end of memory (" + byteSize(memory) + " bytes)");
        }
        GlobalInstance heap = heapPtr();
        if (heap != null) {
            long end = (ptr + size + 7) & ~7L;
            if (Integer.toUnsignedLong((int) heap.getValue()) < end) {
                heap.setValue(end);
            }
        }
        return (int) ptr;
    }

    /** The little-endian i32 at {@code addr}; {@code what} says what the guest claimed lives there. */
    int readI32(String where, long addr, String what) {
        addr = u32(addr);
        Memory memory = memory(where);
        checkRange(where, memory, addr, 4, what);
        return memory.readInt((int) addr);
    }

    /** The little-endian i64 at {@code addr}. */
    long readI64(String where, long addr, String what) {
        addr = u32(addr);
        Memory memory = memory(where);
        checkRange(where, memory, addr, 8, what);
        return memory.readLong((int) addr);
    }

    /** The raw bytes of the LP value at {@code ptr} (no UTF-8 check: Clean byte buffers use the same layout). */
    byte[] readLpBytes(String where, long ptr) {
        ptr = u32(ptr);
        Memory memory = memory(where);
        if (ptr == 0) {
            throw new CleanMemoryException(where + ": null pointer where a length-prefixed value was expected");
        }
        checkRange(where, memory, ptr, 4);
        long len = Integer.toUnsignedLong(memory.readInt((int) ptr));
        long size = byteSize(memory);
        if (len > size - ptr - 4) {
            throw new CleanMemoryException(where + ": value at pointer " + ptr + " declares length " + len
                    + ", past the end of memory (" + size + " bytes)");
        }
        return memory.readBytes((int) ptr + 4, (int) len);
    }

    /** Checks that {@code [addr, addr + len)} lies in memory; {@code what} names the block in the error. */
    void checkBlock(String where, long addr, long len, String what) {
        checkRange(where, memory(where), u32(addr), len, what);
    }

    /** Copies {@code bytes} to {@code [addr, addr + bytes.length)}, bounds-checked. */
    void write(String where, long addr, byte[] bytes) {
        addr = u32(addr);
        Memory memory = memory(where);
        checkRange(where, memory, addr, bytes.length);
        memory.write((int) addr, bytes);
    }

    /**
     * Calls the guest's {@code malloc(size)} and returns its answer as an unsigned pointer (0 means out of
     * memory). {@code size} is the guest's i32, read as unsigned.
     */
    long allocate(String where, long size) {
        size = u32(size);
        if (size > 0x7FFF_FFFFL) {
            throw new CleanMemoryException(where + ": size " + size + " (i32 " + (int) size
                    + ") is 2 GiB or more, beyond any memory the host gives an instance");
        }
        return malloc().apply(size)[0] & 0xFFFF_FFFFL;
    }

    /** Checks that a pointer passed to {@code where} lies inside memory (0 allowed as "none"). */
    void checkPointer(String where, long ptr) {
        ptr = u32(ptr);
        if (ptr != 0) {
            checkRange(where, memory(where), ptr, 0);
        }
    }

    /** Reads the little-endian i32 at {@code ptr} (bounds-checked). */
    int readI32(String where, long ptr) {
        Memory memory = memory(where);
        checkRange(where, memory, ptr, 4);
        return memory.readInt((int) ptr);
    }

    /** Writes the little-endian i32 {@code value} at {@code ptr} (bounds-checked). */
    void writeI32(String where, long ptr, int value) {
        Memory memory = memory(where);
        checkRange(where, memory, ptr, 4);
        memory.writeI32((int) ptr, value);
    }

    /** Writes the f64 {@code value} at {@code ptr} (bounds-checked). */
    void writeF64(String where, long ptr, double value) {
        Memory memory = memory(where);
        checkRange(where, memory, ptr, 8);
        memory.writeF64((int) ptr, value);
    }

    /** Copies {@code len} bytes inside memory from {@code from} to {@code to} (both ranges bounds-checked). */
    void copy(String where, long to, long from, long len) {
        Memory memory = memory(where);
        checkRange(where, memory, from, len);
        checkRange(where, memory, to, len);
        memory.copy((int) to, (int) from, (int) len);
    }

    /**
     * Writes a Clean list of LP-string pointers: header {@code [len, cap, type, flags]} (four i32) then one
     * i32 pointer per element from {@code list + 16}. Each element is written with {@link #writeLp} first.
     */
    int writeStringList(String where, java.util.List<String> elements, int typeId) {
        int[] pointers = new int[elements.size()];
        for (int i = 0; i < pointers.length; i++) {
            pointers[i] = writeLp(where, elements.get(i));
        }
        long size = 16L + 4L * pointers.length;
        long list = allocate(where, size);
        if (list == 0) {
            throw new CleanMemoryException(where + ": guest malloc(" + size + ") returned 0 (out of guest memory)");
        }
        Memory memory = memory(where); // re-read: malloc may have grown it
        checkRange(where, memory, list, size);
        memory.writeI32((int) list, pointers.length);
        memory.writeI32((int) list + 4, pointers.length);
        memory.writeI32((int) list + 8, typeId);
        memory.writeI32((int) list + 12, 0);
        for (int i = 0; i < pointers.length; i++) {
            memory.writeI32((int) list + 16 + 4 * i, pointers[i]);
        }
        return (int) list;
    }

    /** The current value of the exported {@code __heap_ptr} global. */
    long heapPointer(String where) {
        return Integer.toUnsignedLong((int) requireHeapPtr(where).getValue());
    }

    /** Sets the exported {@code __heap_ptr} global (rewinding the guest's bump heap). */
    void setHeapPointer(String where, long value) {
        checkRange(where, memory(where), value, 0);
        requireHeapPtr(where).setValue(value);
    }

    /** Bytes the memory may grow to at most (its declared or configured page limit). */
    long maxBytes() {
        Memory memory = instance.memory();
        return memory == null ? 0 : (long) memory.maximumPages() * Memory.PAGE_SIZE;
    }

    private GlobalInstance requireHeapPtr(String where) {
        GlobalInstance heap = heapPtr();
        if (heap == null) {
            throw new CleanMemoryException(where + ": the module exports no __heap_ptr global; the host cannot manage its heap");
        }
        return heap;
    }

    int pages() {
        Instance current = instance;
        if (current == null) {
            return 0;
        }
        Memory memory = current.memory();
        return memory == null ? 0 : memory.pages();
    }

    private ExportFunction malloc() {
        if (malloc == null) {
            if (instance == null) {
                throw new CleanMemoryException("malloc: the instance was released after the JVM ran out of memory");
            }
            if (!CleanModule.exportsFunction(instance.module(), HostExports.MALLOC)) {
                throw new CleanMemoryException("the module exports no malloc(i32) -> i32; the host cannot pass strings to it");
            }
            malloc = instance.export(HostExports.MALLOC);
        }
        return malloc;
    }

    private GlobalInstance heapPtr() {
        if (!heapPtrLooked) {
            heapPtrLooked = true;
            heapPtr = CleanModule.exportsGlobal(instance.module(), HostExports.HEAP_PTR) ? instance.exports().global(HostExports.HEAP_PTR) : null;
        }
        return heapPtr;
    }

    private static long byteSize(Memory memory) {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** A guest i32 (possibly sign-extended to 64 bits) as the unsigned 32-bit pointer or length it stands for. */
    static long u32(long i32) {
        return i32 & 0xFFFF_FFFFL;
    }

    /** {@code ptr} and {@code len} are unsigned 32-bit values ({@link #u32}), so their sum cannot overflow a long. */
    private static void checkRange(String where, Memory memory, long ptr, long len) {
        checkRange(where, memory, ptr, len, null);
    }

    private static void checkRange(String where, Memory memory, long ptr, long len, String what) {
        long size = byteSize(memory);
        if (what != null && (ptr > size || ptr + len > size)) {
            throw new CleanMemoryException(where + ": " + what + " at pointer " + ptr + " (" + len
                    + " bytes) is out of bounds of memory (" + size + " bytes)");
        }
        if (ptr > size) {
            throw new CleanMemoryException(where + ": pointer " + ptr + " (length " + len
                    + ") is out of bounds of memory (" + size + " bytes)");
        }
        if (ptr + len > size) {
            throw new CleanMemoryException(where + ": range [" + ptr + ", " + (ptr + len) + ") (length " + len
                    + ") is out of bounds of memory (" + size + " bytes)");
        }
    }

    static String decode(String where, byte[] bytes, long ptr) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.ISO_8859_1); // the common case: no decoder needed
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CleanMemoryException(where + ": string at pointer " + ptr + " is not valid UTF-8");
        }
    }
}
