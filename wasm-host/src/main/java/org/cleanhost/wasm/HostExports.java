package org.cleanhost.wasm;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /**
     * Checks that {@code memory}, {@code malloc} and {@code __heap_ptr}, where the module exports them, have
     * the types the host relies on. An export of the wrong type would otherwise fail only when the host
     * first writes a string, as an untyped error deep in the engine.
     *
     * @throws CleanModuleException naming every mistyped export, its declared and its expected type
     */
    static void check(CleanModule module) {
        WasmModule wasm = module.wasm();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < wasm.exportSection().exportCount(); i++) {
            Export e = wasm.exportSection().getExport(i);
            String expected = documented().get(e.name());
            if (expected == null || !List.of(MEMORY, MALLOC, HEAP_PTR).contains(e.name())) {
                continue;
            }
            String declared = declared(module, e);
            if (!declared.equals(expected)) {
                problems.add("'" + e.name() + "' is exported as " + declared + " but the host needs " + expected);
            }
        }
        if (!problems.isEmpty()) {
            throw new CleanModuleException("the module's exports do not match what the host uses (docs/abi.md, "
                    + "Exports the host uses): " + String.join("; ", problems));
        }
    }

    /** The export's type in the notation of docs/abi.md: {@code memory}, {@code (i32) -> i32}, {@code global i32}, ... */
    private static String declared(CleanModule module, Export e) {
        WasmModule wasm = module.wasm();
        switch (e.exportType()) {
            case FUNCTION:
                return ImportSpec.signature(module.exportType(e.name()));
            case GLOBAL: {
                int imported = 0;
                for (int i = 0; i < wasm.importSection().importCount(); i++) {
                    Import imp = wasm.importSection().getImport(i);
                    if (imp instanceof GlobalImport) {
                        if (imported == e.index()) {
                            return global(((GlobalImport) imp).type(), ((GlobalImport) imp).mutabilityType());
                        }
                        imported++;
                    }
                }
                Global g = wasm.globalSection().getGlobal(e.index() - imported);
                return global(g.valueType(), g.mutabilityType());
            }
            default:
                return e.exportType().name().toLowerCase(Locale.ROOT);
        }
    }

    private static String global(ValType type, MutabilityType mutability) {
        return (mutability == MutabilityType.Var ? "global " : "immutable global ") + type.name().toLowerCase(Locale.ROOT);
    }

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
