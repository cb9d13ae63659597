package org.cleanhost.wasm;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Binds every import of a module to a provided {@link ImportSpec}, reporting all failures at once. */
final class Linker {

    /** An import bound to the handler that serves it, with the type the module declared. */
    record Binding(String module, String name, FunctionType declared, ImportSpec.Handler handler) {}

    private Linker() {}

    /**
     * @param asyncHostInstalled whether the async imports are backed by an {@link AsyncHost}
     * @param lenient bind unresolvable function imports to functions that throw when called
     * @throws CleanLinkException listing every import that cannot be bound
     */
    static List<Binding> link(WasmModule wasm, List<ImportSpec> provided, boolean asyncHostInstalled, boolean lenient) {
        Map<String, ImportSpec> byName = new HashMap<>();
        for (ImportSpec spec : provided) {
            byName.put(spec.qualifiedName(), spec);
        }
        Set<String> asyncNames = AsyncImports.names();
        List<Binding> bindings = new ArrayList<>();
        List<CleanLinkException.Problem> problems = new ArrayList<>();
        for (int i = 0; i < wasm.importSection().importCount(); i++) {
            Import imp = wasm.importSection().getImport(i);
            String qualified = imp.module() + "." + imp.name();
            if (!(imp instanceof FunctionImport)) {
                problems.add(new CleanLinkException.Problem(imp.module(), imp.name(),
                        imp.importType().name().toLowerCase(Locale.ROOT), null,
                        "only function imports are supported; the module must define its own memory, tables and globals"));
                continue;
            }
            FunctionType declared = wasm.typeSection().getType(((FunctionImport) imp).typeIndex());
            ImportSpec spec = byName.get(qualified);
            CleanLinkException.Problem problem = null;
            if (spec == null) {
                String reason = asyncNames.contains(qualified) && !asyncHostInstalled
                        ? "async import needs an AsyncHost; it is provided by " + AsyncImports.PROVIDER
                        : "no host function with this name";
                problem = new CleanLinkException.Problem(imp.module(), imp.name(), ImportSpec.signature(declared), null, reason);
            } else if (!spec.accepts(declared)) {
                problem = new CleanLinkException.Problem(imp.module(), imp.name(), ImportSpec.signature(declared),
                        spec.signature(), "declared type does not match (int means i32 or i64)");
            }
            if (problem == null) {
                bindings.add(new Binding(imp.module(), imp.name(), declared, spec.handler()));
            } else if (lenient) {
                CleanLinkException.Problem unresolved = problem;
                bindings.add(new Binding(imp.module(), imp.name(), declared, (caller, args) -> {
                    throw new CleanLinkException(List.of(unresolved));
                }));
            } else {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new CleanLinkException(problems);
        }
        return List.copyOf(bindings);
    }
}
