package org.cleanhost.wasm;

import java.util.LinkedHashMap;
import java.util.Map;

/** The guest exports the host relies on, with the types docs/abi.md gives them. */
final class HostExports {
    static final String MEMORY = "memory";
    static final String MALLOC = "malloc";
    static final String HEAP_PTR = "__heap_ptr";
    static final String SCOPE_PUSH = "scope_push";
    static final String SCOPE_POP = "scope_pop";
    static final String START = "start";
    static final String START_WRAPPER = "_start";

    private HostExports() {}

    /** Name to type, in the notation of docs/abi.md. */
    static Map<String, String> documented() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put(MEMORY, "memory");
        types.put(MALLOC, "(i32) -> i32");
        types.put(HEAP_PTR, "global i32");
        types.put(SCOPE_PUSH, "() -> i32");
        types.put(SCOPE_POP, "(i32) -> ()");
        types.put(START, "() -> ()");
        types.put(START_WRAPPER, "() -> ()");
        return types;
    }
}
