package org.cleanhost.wasm;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A WebAssembly linear memory whose pages are shared, read-only, until written: untouched pages all
 * refer to one page of zeros, and the pages the module's data segments fill refer to the host's
 * <em>image</em> of them. A page gets its own 64 KiB array on its first write. Reads, bounds checks and
 * trap messages are those of Chicory's {@code ByteArrayMemory} (the same page-array layout, read for
 * read); every write path first swaps a shared page for a private copy.
 *
 * <p>Why: a real cln 0.33 module declares 32 initial pages. {@code ByteArrayMemory} allocates and zeroes
 * all 2 MiB for every instance, then zeroes them again in {@code Instance.initialize}: that was nearly all
 * of the cost of {@link CleanHost#newInstance()} (JFR: ~95 % of samples in its constructor). Here a new
 * instance allocates no page at all until its code writes one, and {@code memory.grow} allocates nothing
 * until the new pages are written.
 *
 * <p><b>The image.</b> Each host's {@link #factory() factory} keeps the bytes its first instance's data
 * segments produced, captured at the end of that instance's memory initialisation (before any guest code,
 * including a wasm start function, can run). Later instances of the same module install the image's pages
 * instead of writing the segments again. Only modules whose active segment offsets are constants are
 * imaged (Clean modules import no globals, so theirs always are); any other module initialises as usual.
 *
 * <p><b>Shared pages are one byte longer</b> ({@value #SHARED_LENGTH} bytes) than private ones: a write
 * checks {@code page.length}, which the JIT loads for its bounds check anyway, so sharing costs writes
 * next to nothing. The extra byte is never addressed (offsets within a page stay below 65 536).
 *
 * <p>Not for shared memories (the threads proposal): the factory gives those to {@code ByteArrayMemory}.
 * Single-threaded like the instance that owns it; {@link #pages()} may be read from any thread.
 */
final class CopyOnWriteMemory implements Memory {
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int MAX_PAGE_SLOTS = 32767; // as ByteArrayMemory: addresses stay below 2^31
    /** The length of every shared (read-only) page. */
    static final int SHARED_LENGTH = PAGE_SIZE + 1;

    /** The page every untouched page refers to. Never written: all writes go through {@link #own}. */
    private static final byte[] ZERO = new byte[SHARED_LENGTH];

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private static final Function<String, ChicoryException> TRAP = WasmRuntimeException::new;
    private static final Function<String, ChicoryException> UNINSTANTIABLE = UninstantiableException::new;

    private final MemoryLimits limits;
    /** Where the image lives; {@code null} for a memory that never uses one. */
    private final Factory factory;
    /** Page slots up to the maximum: a shared page, a private page, or {@code null} beyond {@link #nPages}. */
    private final byte[][] pages;
    private volatile int nPages;
    private DataSegment[] dataSegments;

    CopyOnWriteMemory(MemoryLimits limits) {
        this(limits, null);
    }

    private CopyOnWriteMemory(MemoryLimits limits, Factory factory) {
        if (limits.shared()) {
            throw new IllegalArgumentException("shared memories are served by ByteArrayMemory");
        }
        this.limits = limits;
        this.factory = factory;
        this.pages = new byte[Math.min(limits.maximumPages(), MAX_PAGE_SLOTS)][];
        Arrays.fill(pages, 0, limits.initialPages(), ZERO);
        this.nPages = limits.initialPages();
    }

    /**
     * A memory factory for one host: this memory with the host's image of its data segments, or
     * {@code ByteArrayMemory} when the memory is shared. Thread-safe.
     */
    static Factory factory() {
        return new Factory();
    }

    /** Creates memories and keeps the image of the first one's data segments. */
    static final class Factory implements Function<MemoryLimits, Memory> {
        private volatile Image image;

        @Override
        public Memory apply(MemoryLimits limits) {
            return limits.shared() ? new com.dylibso.chicory.runtime.ByteArrayMemory(limits) : new CopyOnWriteMemory(limits, this);
        }

        /** Whether an image has been captured; for tests. */
        boolean hasImage() {
            return image != null;
        }
    }

    /** The initialised pages of one module's memory: {@link #ZERO} or a shared copy of a data page. */
    private static final class Image {
        final WasmModule module;
        final byte[][] pages;

        Image(WasmModule module, byte[][] pages) {
            this.module = module;
            this.pages = pages;
        }
    }

    /** How many pages have their own array (the rest are shared); for tests and diagnostics. */
    int privatePages() {
        int n = 0;
        for (int i = 0; i < nPages; i++) {
            if (pages[i].length == PAGE_SIZE) {
                n++;
            }
        }
        return n;
    }

    /** Whether the shared zero page is still all zeros; a test's guard that no write path bypasses {@link #own}. */
    static boolean zeroPageIntact() {
        for (byte b : ZERO) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The writable array for page {@code page}; {@code null} beyond the current size (the caller then traps). */
    private byte[] own(int page) {
        byte[] p = pages[page];
        if (p != null && p.length != PAGE_SIZE) {
            try {
                p = p == ZERO ? new byte[PAGE_SIZE] : Arrays.copyOf(p, PAGE_SIZE);
            } catch (OutOfMemoryError e) {
                // The instance is lost anyway (its call fails, it is discarded): give the heap back at once, so
                // that reporting the failure, and everything else in the JVM, can allocate again.
                Arrays.fill(pages, 0, nPages, ZERO);
                throw e;
            }
            pages[page] = p;
        }
        return p;
    }

    private boolean allZero() {
        for (int i = 0; i < nPages; i++) {
            if (pages[i] != ZERO) {
                return false;
            }
        }
        return true;
    }

    // ---- size --------------------------------------------------------------------------------------

    @Override
    public int pages() {
        return nPages;
    }

    @Override
    public int grow(int size) {
        int old = nPages;
        int grown = old + size;
        if (grown > maximumPages() || grown < old) {
            return -1;
        }
        Arrays.fill(pages, old, grown, ZERO);
        nPages = grown;
        return old;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return Math.min(limits.maximumPages(), MAX_PAGE_SLOTS);
    }

    @Override
    public boolean shared() {
        return false;
    }

    private int sizeInBytes() {
        return PAGE_SIZE * nPages;
    }

    // ---- threads proposal: only meaningful for shared memories, which this class never is -----------

    @Override
    public Object lock(int address) {
        return this;
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    public int notify(int address, int maxThreads) {
        return 0;
    }

    // ---- initialisation and segments ---------------------------------------------------------------

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        initialize(instance, segments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        this.dataSegments = segments;
        if (segments == null) {
            return;
        }
        Image image = factory == null ? null : factory.image;
        boolean fresh = memoryIndex == 0 && allZero();
        if (image != null && fresh && image.module == instance.module() && image.pages.length == nPages) {
            System.arraycopy(image.pages, 0, pages, 0, nPages); // what the segments below would write
            return;
        }
        for (DataSegment segment : segments) {
            if (segment instanceof ActiveDataSegment) {
                ActiveDataSegment active = (ActiveDataSegment) segment;
                if (active.index() != memoryIndex) {
                    continue;
                }
                byte[] data = active.data();
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                checkBounds(offset, data.length, sizeInBytes(), UNINSTANTIABLE);
                write(offset, data, 0, data.length);
            } else if (!(segment instanceof PassiveDataSegment)) {
                throw new ChicoryException("Data segment should be active or passive: " + segment);
            }
        }
        if (factory != null && image == null && fresh && constantOffsets(segments)) {
            factory.image = capture(instance.module());
        }
    }

    /** Whether every active segment's offset is a constant, so the image holds for every instance. */
    private static boolean constantOffsets(DataSegment[] segments) {
        for (DataSegment segment : segments) {
            if (segment instanceof ActiveDataSegment) {
                for (Instruction i : ((ActiveDataSegment) segment).offsetInstructions()) {
                    if (i.opcode() != OpCode.I32_CONST && i.opcode() != OpCode.I64_CONST && i.opcode() != OpCode.END) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Shares this memory's pages as the image; this memory keeps private copies of the ones it wrote. */
    private Image capture(WasmModule module) {
        byte[][] shared = new byte[nPages][];
        for (int i = 0; i < nPages; i++) {
            shared[i] = pages[i] == ZERO ? ZERO : Arrays.copyOf(pages[i], SHARED_LENGTH);
        }
        return new Image(module, shared);
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        write(dest, dataSegments[segmentId].data(), offset, size);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    // ---- bounds ------------------------------------------------------------------------------------

    private static void checkBounds(int addr, int size, int limit, Function<String, ChicoryException> exception) {
        if (addr < 0 || size < 0 || addr > limit || (size > 0 && addr + size > limit)) {
            throw exception.apply(message(addr, limit, size));
        }
    }

    private static String message(int addr, int limit, int size) {
        return "out of bounds memory access: attempted to access address: " + addr + " but limit is: " + limit
                + " and size: " + size;
    }

    private RuntimeException outOfBounds(RuntimeException e, int addr, int size) {
        if (e instanceof IndexOutOfBoundsException || e instanceof IllegalArgumentException
                || e instanceof NullPointerException || e instanceof NegativeArraySizeException) {
            return new WasmRuntimeException(message(addr, sizeInBytes(), size));
        }
        return e;
    }

    // ---- bulk --------------------------------------------------------------------------------------

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        checkBounds(offset, size, data.length, TRAP);
        checkBounds(addr, size, sizeInBytes(), TRAP);
        while (size > 0) {
            int inPage = addr & PAGE_MASK;
            int n = Math.min(size, PAGE_SIZE - inPage);
            System.arraycopy(data, offset, own(addr >>> PAGE_SHIFT), inPage, n);
            addr += n;
            offset += n;
            size -= n;
        }
    }

    /** Whether {@code [addr, addr + expected.length)} holds {@code expected}; the range must be in bounds. */
    boolean regionEquals(int addr, byte[] expected) {
        int inPage = addr & PAGE_MASK;
        if (inPage + expected.length <= PAGE_SIZE) {
            byte[] page = pages[addr >>> PAGE_SHIFT];
            for (int i = 0; i < expected.length; i++) { // short strings: a plain loop beats Arrays.equals' setup
                if (page[inPage + i] != expected[i]) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < expected.length; i++) {
            if (read(addr + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        checkBounds(addr, len, sizeInBytes(), TRAP);
        byte[] out = new byte[len];
        int at = 0;
        while (len > 0) {
            int inPage = addr & PAGE_MASK;
            int n = Math.min(len, PAGE_SIZE - inPage);
            System.arraycopy(pages[addr >>> PAGE_SHIFT], inPage, out, at, n);
            addr += n;
            at += n;
            len -= n;
        }
        return out;
    }

    @Override
    public void zero() {
        Arrays.fill(pages, 0, nPages, ZERO);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        int addr = fromIndex;
        int size = toIndex - fromIndex;
        checkBounds(addr, size, sizeInBytes(), TRAP);
        while (size > 0) {
            int page = addr >>> PAGE_SHIFT;
            int inPage = addr & PAGE_MASK;
            int n = Math.min(size, PAGE_SIZE - inPage);
            if (value == 0 && n == PAGE_SIZE) {
                pages[page] = ZERO; // a whole page of zeros: give its array back
            } else if (value != 0 || pages[page] != ZERO) { // zeros over the zero page change nothing
                Arrays.fill(own(page), inPage, inPage + n, value);
            }
            addr += n;
            size -= n;
        }
    }

    @Override
    public void copy(int dest, int src, int size) {
        int limit = sizeInBytes();
        checkBounds(dest, size, limit, TRAP);
        checkBounds(src, size, limit, TRAP);
        if (dest > src && dest < src + size) {
            copyBackward(dest, src, size);
        } else {
            copyForward(dest, src, size);
        }
    }

    private void copyForward(int dest, int src, int size) {
        while (size > 0) {
            int destInPage = dest & PAGE_MASK;
            int srcInPage = src & PAGE_MASK;
            int n = Math.min(size, PAGE_SIZE - Math.max(destInPage, srcInPage));
            byte[] to = own(dest >>> PAGE_SHIFT);
            System.arraycopy(pages[src >>> PAGE_SHIFT], srcInPage, to, destInPage, n);
            dest += n;
            src += n;
            size -= n;
        }
    }

    private void copyBackward(int dest, int src, int size) {
        dest += size;
        src += size;
        while (size > 0) {
            int destInPage = dest & PAGE_MASK;
            int srcInPage = src & PAGE_MASK;
            int destRoom = destInPage == 0 ? PAGE_SIZE : destInPage;
            int srcRoom = srcInPage == 0 ? PAGE_SIZE : srcInPage;
            int n = Math.min(size, Math.min(destRoom, srcRoom));
            dest -= n;
            src -= n;
            byte[] to = own(dest >>> PAGE_SHIFT);
            System.arraycopy(pages[src >>> PAGE_SHIFT], src & PAGE_MASK, to, dest & PAGE_MASK, n);
            size -= n;
        }
    }

    // ---- bytes -------------------------------------------------------------------------------------

    @Override
    public byte read(int addr) {
        try {
            return pages[addr >>> PAGE_SHIFT][addr & PAGE_MASK];
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 1);
        }
    }

    @Override
    public void writeByte(int addr, byte data) {
        try {
            byte[] page = pages[addr >>> PAGE_SHIFT];
            if (page.length != PAGE_SIZE) {
                page = own(addr >>> PAGE_SHIFT);
            }
            page[addr & PAGE_MASK] = data;
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 1);
        }
    }

    // ---- i16 ---------------------------------------------------------------------------------------

    @Override
    public short readShort(int addr) {
        int inPage = addr & PAGE_MASK;
        if (inPage + 2 > PAGE_SIZE) {
            return (short) ((read(addr) & 0xFF) | ((read(addr + 1) & 0xFF) << 8));
        }
        try {
            return (short) SHORT.get(pages[addr >>> PAGE_SHIFT], inPage);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 2);
        }
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public void writeShort(int addr, short data) {
        int inPage = addr & PAGE_MASK;
        if (inPage + 2 > PAGE_SIZE) {
            checkBounds(addr, 2, sizeInBytes(), TRAP);
            writeByte(addr, (byte) data);
            writeByte(addr + 1, (byte) (data >>> 8));
            return;
        }
        try {
            byte[] page = pages[addr >>> PAGE_SHIFT];
            if (page.length != PAGE_SIZE) {
                page = own(addr >>> PAGE_SHIFT);
            }
            SHORT.set(page, inPage, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 2);
        }
    }

    // ---- i32 / f32 ---------------------------------------------------------------------------------

    @Override
    public int readInt(int addr) {
        int inPage = addr & PAGE_MASK;
        if (inPage + 4 > PAGE_SIZE) {
            return readIntSlow(addr);
        }
        try {
            return (int) INT.get(pages[addr >>> PAGE_SHIFT], inPage);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 4);
        }
    }

    private int readIntSlow(int addr) {
        return (read(addr) & 0xFF) | ((read(addr + 1) & 0xFF) << 8) | ((read(addr + 2) & 0xFF) << 16)
                | ((read(addr + 3) & 0xFF) << 24);
    }

    @Override
    public void writeI32(int addr, int data) {
        int inPage = addr & PAGE_MASK;
        if (inPage + 4 > PAGE_SIZE) {
            writeI32Slow(addr, data);
            return;
        }
        try {
            byte[] page = pages[addr >>> PAGE_SHIFT];
            if (page.length != PAGE_SIZE) {
                page = own(addr >>> PAGE_SHIFT);
            }
            INT.set(page, inPage, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 4);
        }
    }

    private void writeI32Slow(int addr, int data) {
        checkBounds(addr, 4, sizeInBytes(), TRAP);
        writeByte(addr, (byte) data);
        writeByte(addr + 1, (byte) (data >>> 8));
        writeByte(addr + 2, (byte) (data >>> 16));
        writeByte(addr + 3, (byte) (data >>> 24));
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public float readFloat(int addr) {
        int inPage = addr & PAGE_MASK;
        if (inPage + 4 > PAGE_SIZE) {
            return Float.intBitsToFloat(readIntSlow(addr));
        }
        try {
            return (float) FLOAT.get(pages[addr >>> PAGE_SHIFT], inPage);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 4);
        }
    }

    @Override
    public void writeF32(int addr, float data) {
        int inPage = addr & PAGE_MASK;
        if (inPage + 4 > PAGE_SIZE) {
            writeI32Slow(addr, Float.floatToRawIntBits(data));
            return;
        }
        try {
            byte[] page = pages[addr >>> PAGE_SHIFT];
            if (page.length != PAGE_SIZE) {
                page = own(addr >>> PAGE_SHIFT);
            }
            FLOAT.set(page, inPage, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 4);
        }
    }

    // ---- i64 / f64 ---------------------------------------------------------------------------------

    @Override
    public long readLong(int addr) {
        int inPage = addr & PAGE_MASK;
        if (inPage + 8 > PAGE_SIZE) {
            return readLongSlow(addr);
        }
        try {
            return (long) LONG.get(pages[addr >>> PAGE_SHIFT], inPage);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 8);
        }
    }

    private long readLongSlow(int addr) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (read(addr + i) & 0xFFL) << (8 * i); // lowest address first, as ByteArrayMemory traps
        }
        return value;
    }

    @Override
    public void writeLong(int addr, long data) {
        int inPage = addr & PAGE_MASK;
        if (inPage + 8 > PAGE_SIZE) {
            writeLongSlow(addr, data);
            return;
        }
        try {
            byte[] page = pages[addr >>> PAGE_SHIFT];
            if (page.length != PAGE_SIZE) {
                page = own(addr >>> PAGE_SHIFT);
            }
            LONG.set(page, inPage, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 8);
        }
    }

    private void writeLongSlow(int addr, long data) {
        checkBounds(addr, 8, sizeInBytes(), TRAP);
        for (int i = 0; i < 8; i++) {
            writeByte(addr + i, (byte) (data >>> (8 * i)));
        }
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public double readDouble(int addr) {
        int inPage = addr & PAGE_MASK;
        if (inPage + 8 > PAGE_SIZE) {
            return Double.longBitsToDouble(readLongSlow(addr));
        }
        try {
            return (double) DOUBLE.get(pages[addr >>> PAGE_SHIFT], inPage);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 8);
        }
    }

    @Override
    public void writeF64(int addr, double data) {
        int inPage = addr & PAGE_MASK;
        if (inPage + 8 > PAGE_SIZE) {
            writeLongSlow(addr, Double.doubleToRawLongBits(data));
            return;
        }
        try {
            byte[] page = pages[addr >>> PAGE_SHIFT];
            if (page.length != PAGE_SIZE) {
                page = own(addr >>> PAGE_SHIFT);
            }
            DOUBLE.set(page, inPage, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 8);
        }
    }
}
