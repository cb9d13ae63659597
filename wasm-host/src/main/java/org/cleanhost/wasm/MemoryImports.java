package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.I32;

import java.util.ArrayList;
import java.util.List;

/**
 * The arena imports {@code _arena_scope_push/pop} (aliases {@code arena.scope_push/pop}), which cln 0.33
 * emits around allocations it knows are temporary. Unlike {@code memory_runtime.mem_scope_*} (bookkeeping
 * only, see {@link CoreImports}), they really rewind the guest's bump heap, as Clean's own runner does.
 * docs/abi.md, "Memory imports".
 */
final class MemoryImports {
    private MemoryImports() {}

    /** Per-instance stack of heap marks; handle {@code n} is the depth after the n-th open push. */
    static final class Arena {
        final List<Long> marks = new ArrayList<>();
    }

    static List<ImportSpec> specs() {
        return List.of(
                ImportSpec.of("env", "_arena_scope_push", "saves the heap pointer; returns the scope's handle (its depth)", List.of(), List.of(I32), (c, a) -> {
                    Arena arena = c.local(Arena.class, Arena::new);
                    arena.marks.add(c.memory().heapPointer("env._arena_scope_push"));
                    return new long[] {arena.marks.size()};
                }),
                ImportSpec.of("env", "_arena_scope_pop", "closes the scope (and any inside it), rewinding the heap to its mark", List.of(I32), List.of(), (c, a) -> {
                    String where = "env._arena_scope_pop";
                    Arena arena = c.local(Arena.class, Arena::new);
                    int handle = (int) a[0];
                    if (handle < 1 || handle > arena.marks.size()) {
                        throw new CleanAbiException(where, "handle " + handle + " is not an open arena scope (open scopes: "
                                + arena.marks.size() + ")");
                    }
                    long mark = arena.marks.get(handle - 1);
                    arena.marks.subList(handle - 1, arena.marks.size()).clear();
                    c.memory().setHeapPointer(where, mark);
                    return new long[0];
                }));
    }
}
