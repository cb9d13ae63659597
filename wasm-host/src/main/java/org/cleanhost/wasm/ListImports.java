package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.F64;
import static org.cleanhost.wasm.ValueKind.I32;

import java.util.List;

/**
 * {@code list.push_f64}, the one list import of cln 0.33 (number-list literals). The list lives in guest
 * memory: a header {@code [len, cap, type, flags]} (four i32) and 8-byte elements from {@code list + 16}.
 * docs/abi.md, "List imports".
 */
final class ListImports {
    static final int HEADER = 16;
    static final int ELEMENT = 8;
    /** Capacity of a list grown from capacity 0. */
    static final int MIN_GROWN_CAPACITY = 4;

    private ListImports() {}

    static List<ImportSpec> specs() {
        return List.of(ImportSpec.of("env", "list.push_f64", "appends a number; returns the list, moved when it was full",
                List.of(I32, F64), List.of(I32), (c, a) -> new long[] {push(c, a[0], Double.longBitsToDouble(a[1]))}));
    }

    /**
     * Appends {@code value}. With room ({@code len < cap}) the element is written in place and {@code list}
     * returned. When full, a list of twice the capacity (at least {@value #MIN_GROWN_CAPACITY}) is allocated
     * with the guest's {@code malloc}, header and elements are copied, and the new pointer is returned: the
     * compiler uses the returned pointer as the list from then on.
     */
    static long push(CleanInstance caller, long list, double value) {
        String where = "env.list.push_f64";
        GuestMemory memory = caller.memory();
        if (list == 0) {
            throw new CleanMemoryException(where + ": null list pointer");
        }
        long len = Integer.toUnsignedLong(memory.readI32(where, list));
        long cap = Integer.toUnsignedLong(memory.readI32(where, list + 4));
        memory.checkPointer(where, list + HEADER - 1);
        if (len > cap) {
            throw new CleanAbiException(where, "list at " + list + " has length " + len + " above its capacity " + cap
                    + " (not a list header)");
        }
        long target = list;
        if (len == cap) {
            long newCap = Math.max(MIN_GROWN_CAPACITY, cap * 2);
            long size = HEADER + newCap * ELEMENT;
            if (size > memory.maxBytes()) {
                throw new CleanMemoryException(where + ": growing the list at " + list + " to capacity " + newCap + " needs "
                        + size + " bytes, more than the instance's memory limit of " + memory.maxBytes() + " bytes");
            }
            target = memory.allocate(where, size);
            if (target == 0) {
                throw new CleanMemoryException(where + ": guest malloc(" + size + ") returned 0 (out of guest memory)");
            }
            memory.copy(where, target, list, HEADER + len * ELEMENT);
            memory.writeI32(where, target + 4, (int) newCap);
        }
        memory.writeF64(where, target + HEADER + len * ELEMENT, value);
        memory.writeI32(where, target, (int) (len + 1));
        return target;
    }
}
