package org.cleanhost.wasm;

/**
 * A structural scan of a WebAssembly binary that runs before Chicory's parser and rejects, in
 * microseconds, modules no engine could load: a bad header, sections that overrun the module, LEB128
 * numbers that run past their section or exceed 32 bits, vector counts larger than the bytes left to
 * hold them, more locals than engines accept, and memory or table limits beyond what can be allocated.
 *
 * <p>It does not validate: what it accepts may still be rejected by the parser. What it guarantees is
 * that every count and length the parser will allocate for is bounded by the module's own size or by
 * one of the limits below, so a few hostile bytes cannot make {@link CleanModule#load} allocate
 * gigabytes or spin for seconds. Messages name the section, the entry and the byte offset.
 *
 * <p>Stateless and thread-safe.
 */
final class ModuleScan {
    /** Locals a single function may declare (V8's and SpiderMonkey's limit). */
    static final int MAX_LOCALS_PER_FUNCTION = 50_000;
    /**
     * Locals all functions together may declare. Chicory keeps one entry per declared local, so this bounds
     * what parsing a module can allocate for them (tens of megabytes); real Clean output declares thousands.
     */
    static final long MAX_LOCALS_PER_MODULE = 2_000_000;
    /** Parameters or results of one function type (V8's limit). */
    static final int MAX_FUNCTION_ARITY = 1_000;
    /** Pages a 32-bit memory may declare (4 GiB). */
    static final long MAX_MEMORY_PAGES = 65_536;
    /** Elements a table may start with (V8's limit for a table's initial size). */
    static final long MAX_TABLE_INITIAL = 10_000_000;

    private static final String[] SECTION_NAMES = {
        "custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element",
        "code", "data", "data count", "tag"
    };

    private final byte[] bytes;
    private int pos;
    private String section = "header";
    private int sectionStart;

    private ModuleScan(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Scans {@code bytes}.
     *
     * @param bytes the module, not {@code null}
     * @throws CleanModuleException naming the section, entry and offset of the first impossible structure
     */
    static void check(byte[] bytes) {
        new ModuleScan(bytes).scan();
    }

    private void scan() {
        if (bytes.length < 8) {
            throw fail(0, "the module is " + bytes.length + " bytes, shorter than the 8-byte header");
        }
        if (bytes[0] != 0x00 || bytes[1] != 0x61 || bytes[2] != 0x73 || bytes[3] != 0x6d) {
            throw fail(0, "missing the \\0asm magic number (not a WebAssembly binary)");
        }
        if (bytes[4] != 0x01 || bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0) {
            throw fail(4, "unsupported binary version (only version 1 exists)");
        }
        pos = 8;
        long functionCount = -1;
        long codeCount = -1;
        int codeAt = -1;
        while (pos < bytes.length) {
            int headerAt = pos;
            int id = bytes[pos++] & 0xFF;
            section = id < SECTION_NAMES.length ? SECTION_NAMES[id] : "unknown (id " + id + ")";
            sectionStart = headerAt;
            if (id >= SECTION_NAMES.length) {
                throw fail(headerAt, "unknown section id " + id);
            }
            long size = u32("section size");
            if (size > bytes.length - pos) {
                throw fail(headerAt, "declares " + size + " bytes but only " + (bytes.length - pos) + " remain in the module");
            }
            int end = pos + (int) size;
            switch (id) {
                case 0 -> custom(end);
                case 1 -> types(end);
                case 2 -> imports(end);
                case 3 -> functionCount = count(end, 1, "functions");
                case 4 -> tables(end);
                case 5 -> memories(end);
                case 6 -> count(end, 3, "globals");
                case 7 -> count(end, 3, "exports");
                case 9 -> count(end, 2, "element segments");
                case 10 -> {
                    codeAt = headerAt;
                    codeCount = code(end);
                }
                case 11 -> count(end, 3, "data segments");
                case 12 -> {
                    long segments = u32("data count");
                    if (segments > bytes.length) {
                        throw fail(headerAt, "declares " + segments + " data segments, more than the module has bytes");
                    }
                }
                default -> { }
            }
            pos = end; // entries the scan does not read are left to the parser, within the section's bounds
        }
        section = "code";
        sectionStart = codeAt;
        if (codeCount >= 0 && codeCount != Math.max(0, functionCount)) {
            throw fail(sectionStart, "has " + codeCount + " function bodies but the function section declares "
                    + Math.max(0, functionCount) + " functions");
        }
        if (functionCount > 0 && codeCount < 0) {
            throw new CleanModuleException("malformed module: the function section declares " + functionCount
                    + " functions but there is no code section");
        }
    }

    /** Reads a vector count and checks that its entries, each at least {@code minEntryBytes}, fit in the section. */
    private long count(int end, int minEntryBytes, String what) {
        int at = pos;
        long n = u32(what + " count");
        if (n * minEntryBytes > end - pos) {
            throw fail(at, "declares " + n + " " + what + " but only " + (end - pos) + " bytes remain in the section");
        }
        return n;
    }

    private void custom(int end) {
        int at = pos;
        long len = u32("name length");
        if (len > end - pos) {
            throw fail(at, "name length " + len + " runs past the end of the section");
        }
    }

    private void types(int end) {
        long n = count(end, 1, "types");
        for (long i = 0; i < n; i++) {
            int at = pos;
            int form = byteAt(end, "type " + i + " form");
            if (form != 0x60) {
                return; // GC composite and recursive types: left to the parser, the count is already bounded
            }
            for (String part : new String[] {"parameters", "results"}) {
                int countAt = pos;
                long arity = u32("type " + i + " " + part + " count");
                if (arity > MAX_FUNCTION_ARITY) {
                    throw fail(countAt, "type " + i + " declares " + arity + " " + part + ", above the limit of " + MAX_FUNCTION_ARITY);
                }
                if (arity > end - pos) {
                    throw fail(countAt, "type " + i + " declares " + arity + " " + part + " but only " + (end - pos) + " bytes remain");
                }
                for (long k = 0; k < arity; k++) {
                    valueType(end, "type " + i);
                }
            }
            if (pos > end) {
                throw fail(at, "type " + i + " runs past the end of the section");
            }
        }
    }

    private void imports(int end) {
        long n = count(end, 4, "imports");
        for (long i = 0; i < n; i++) {
            String entry = "import " + i;
            for (String part : new String[] {"module name", "field name"}) {
                int at = pos;
                long len = u32(entry + " " + part + " length");
                if (len > end - pos) {
                    throw fail(at, entry + " " + part + " length " + len + " runs past the end of the section");
                }
                pos += (int) len;
            }
            int kind = byteAt(end, entry + " kind");
            switch (kind) {
                case 0x00 -> u32(entry + " type index");
                case 0x01 -> {
                    valueType(end, entry);
                    limits(end, entry + " (table)", MAX_TABLE_INITIAL, Long.MAX_VALUE);
                }
                case 0x02 -> limits(end, entry + " (memory)", MAX_MEMORY_PAGES, MAX_MEMORY_PAGES);
                case 0x03 -> {
                    valueType(end, entry);
                    byteAt(end, entry + " mutability");
                }
                case 0x04 -> {
                    byteAt(end, entry + " tag attribute");
                    u32(entry + " tag type index");
                }
                default -> throw fail(pos - 1, entry + " has unknown kind 0x" + Integer.toHexString(kind));
            }
        }
    }

    private void tables(int end) {
        long n = count(end, 2, "tables");
        for (long i = 0; i < n; i++) {
            int at = pos;
            int first = peek(end, "table " + i);
            if (first == 0x40) { // table with an initialiser expression: left to the parser
                return;
            }
            valueType(end, "table " + i);
            limits(end, "table " + i, MAX_TABLE_INITIAL, Long.MAX_VALUE);
            if (pos > end) {
                throw fail(at, "table " + i + " runs past the end of the section");
            }
        }
    }

    private void memories(int end) {
        long n = count(end, 2, "memories");
        for (long i = 0; i < n; i++) {
            limits(end, "memory " + i, MAX_MEMORY_PAGES, MAX_MEMORY_PAGES);
        }
    }

    private void limits(int end, String what, long maxInitial, long maxMaximum) {
        int at = pos;
        int flags = byteAt(end, what + " limits flags");
        if ((flags & ~0x07) != 0) {
            throw fail(at, what + " has unknown limits flags 0x" + Integer.toHexString(flags));
        }
        boolean wide = (flags & 0x04) != 0;
        int initialAt = pos;
        long initial = unsignedLeb(what + " minimum", wide);
        if (Long.compareUnsigned(initial, maxInitial) > 0) {
            throw fail(initialAt, what + " starts at " + Long.toUnsignedString(initial) + ", above the limit of " + maxInitial);
        }
        if ((flags & 0x01) != 0) {
            int maxAt = pos;
            long maximum = unsignedLeb(what + " maximum", wide);
            if (Long.compareUnsigned(maximum, maxMaximum) > 0) {
                throw fail(maxAt, what + " maximum " + Long.toUnsignedString(maximum) + " is above the limit of " + maxMaximum);
            }
            if (Long.compareUnsigned(maximum, initial) < 0) {
                throw fail(maxAt, what + " maximum " + Long.toUnsignedString(maximum) + " is below its minimum " + initial);
            }
        }
    }

    /** Reads the function bodies' sizes and local declarations; returns the body count. */
    private long code(int end) {
        long n = count(end, 2, "function bodies");
        long moduleLocals = 0;
        for (long i = 0; i < n; i++) {
            String body = "function body " + i;
            int at = pos;
            long size = u32(body + " size");
            if (size > end - pos) {
                throw fail(at, body + " declares " + size + " bytes but only " + (end - pos) + " remain in the section");
            }
            int bodyEnd = pos + (int) size;
            long declarations = count(bodyEnd, 2, body + " local declarations");
            long locals = 0;
            for (long d = 0; d < declarations; d++) {
                int declAt = pos;
                long k = u32(body + " local count");
                locals += k;
                if (locals > MAX_LOCALS_PER_FUNCTION) {
                    throw fail(declAt, body + " declares " + locals + " locals, above the limit of " + MAX_LOCALS_PER_FUNCTION);
                }
                valueType(bodyEnd, body + " local");
            }
            moduleLocals += locals;
            if (moduleLocals > MAX_LOCALS_PER_MODULE) {
                throw fail(at, "the function bodies up to " + i + " declare " + moduleLocals
                        + " locals together, above the limit of " + MAX_LOCALS_PER_MODULE);
            }
            if (pos > bodyEnd) {
                throw fail(at, body + "'s local declarations run past its end");
            }
            pos = bodyEnd;
        }
        return n;
    }

    /** A value type: one byte, or a reference type prefix followed by a heap type. */
    private void valueType(int end, String what) {
        int b = byteAt(end, what + " value type");
        if (b == 0x63 || b == 0x64) {
            s33(end, what + " heap type");
        }
    }

    private int byteAt(int end, String what) {
        if (pos >= end) {
            throw fail(pos, what + " runs past the end of the section");
        }
        return bytes[pos++] & 0xFF;
    }

    private int peek(int end, String what) {
        if (pos >= end) {
            throw fail(pos, what + " runs past the end of the section");
        }
        return bytes[pos] & 0xFF;
    }

    private long u32(String what) {
        return unsignedLeb(what, false);
    }

    /** An unsigned LEB128 number: at most 5 bytes and 32 bits, or with {@code wide} 10 bytes and 64 bits. */
    private long unsignedLeb(String what, boolean wide) {
        int at = pos;
        int maxBytes = wide ? 10 : 5;
        long value = 0;
        for (int shift = 0; shift < 7 * maxBytes; shift += 7) {
            if (pos >= bytes.length) {
                throw fail(at, what + ": LEB128 number runs past the end of the module");
            }
            int b = bytes[pos++] & 0xFF;
            if (shift < 64) {
                value |= (long) (b & 0x7F) << shift;
            }
            if ((b & 0x80) == 0) {
                if (!wide && value > 0xFFFF_FFFFL) {
                    throw fail(at, what + ": LEB128 number " + value + " does not fit in 32 bits");
                }
                return value;
            }
        }
        throw fail(at, what + ": LEB128 number longer than " + maxBytes + " bytes");
    }

    private void s33(int end, String what) {
        int at = pos;
        for (int i = 0; i < 5; i++) {
            int b = byteAt(end, what);
            if ((b & 0x80) == 0) {
                return;
            }
        }
        throw fail(at, what + ": LEB128 number longer than 5 bytes");
    }

    private CleanModuleException fail(int offset, String message) {
        String where = section.equals("header") ? "" : section + " section at byte " + sectionStart + ": ";
        return new CleanModuleException("malformed module (" + bytes.length + " bytes): " + where + message
                + " (byte offset " + offset + ")");
    }
}
