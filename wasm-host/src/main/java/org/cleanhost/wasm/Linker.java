package org.cleanhost.wasm;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds every import of a module to a provided {@link ImportSpec}, reporting all failures at once. */
final class Linker {

    /** An import bound to the handler that serves it, with the type the module declared. */
    record Binding(String module, String name, FunctionType declared, ImportSpec.Handler handler) {}

    private Linker() {}

    /** The verdict on every import of {@code module}, in declaration order. */
    static List<ImportStatus> check(CleanModule module, List<ImportSpec> provided, boolean asyncHostInstalled) {
        Map<String, ImportSpec> byName = new HashMap<>();
        for (ImportSpec spec : provided) {
            byName.put(spec.qualifiedName(), spec);
        }
        Set<String> asyncNames = AsyncImports.names();
        List<ImportStatus> statuses = new ArrayList<>();
        for (ImportDescriptor imp : module.imports()) {
            ImportSpec spec = byName.get(imp.qualifiedName());
            ImportStatus status;
            if (!imp.kind().equals("function")) {
                status = new ImportStatus(imp, ImportStatus.Resolution.UNSUPPORTED_KIND, null,
                        "only function imports are supported; the module must define its own " + imp.kind());
            } else if (spec == null && asyncNames.contains(imp.qualifiedName()) && !asyncHostInstalled) {
                status = new ImportStatus(imp, ImportStatus.Resolution.NEEDS_ASYNC_HOST, null,
                        "async import needs an AsyncHost; it is provided by " + AsyncImports.PROVIDER);
            } else if (spec == null) {
                status = new ImportStatus(imp, ImportStatus.Resolution.UNKNOWN, null, "no host function with this name");
            } else if (!spec.accepts(declaredType(module.wasm(), imp))) {
                status = new ImportStatus(imp, ImportStatus.Resolution.TYPE_MISMATCH, spec.signature(),
                        "declared type does not match (int means i32 or i64)");
            } else {
                status = new ImportStatus(imp, ImportStatus.Resolution.PROVIDED, spec.signature(), spec.summary());
            }
            statuses.add(status);
        }
        return statuses;
    }

    /**
     * @param asyncHostInstalled whether the async imports are backed by an {@link AsyncHost}
     * @param lenient bind unresolvable function imports to functions that throw when called
     * @throws CleanLinkException listing every import that cannot be bound
     */
    static List<Binding> link(CleanModule module, List<ImportSpec> provided, boolean asyncHostInstalled, boolean lenient) {
        Map<String, ImportSpec> byName = new HashMap<>();
        for (ImportSpec spec : provided) {
            byName.put(spec.qualifiedName(), spec);
        }
        List<Binding> bindings = new ArrayList<>();
        List<CleanLinkException.Problem> problems = new ArrayList<>();
        for (ImportStatus status : check(module, provided, asyncHostInstalled)) {
            ImportDescriptor imp = status.declared();
            if (status.isProvided()) {
                bindings.add(new Binding(imp.module(), imp.name(), declaredType(module.wasm(), imp),
                        byName.get(imp.qualifiedName()).handler()));
                continue;
            }
            CleanLinkException.Problem problem = new CleanLinkException.Problem(imp.module(), imp.name(),
                    imp.kind().equals("function") ? imp.signature() : imp.kind(), status.offered(), status.description());
            if (lenient && status.resolution() != ImportStatus.Resolution.UNSUPPORTED_KIND) {
                bindings.add(new Binding(imp.module(), imp.name(), declaredType(module.wasm(), imp), (caller, args) -> {
                    throw new CleanLinkException(List.of(problem));
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

    private static FunctionType declaredType(WasmModule wasm, ImportDescriptor imp) {
        for (int i = 0; i < wasm.importSection().importCount(); i++) {
            Import candidate = wasm.importSection().getImport(i);
            if (candidate instanceof FunctionImport && candidate.module().equals(imp.module()) && candidate.name().equals(imp.name())) {
                return wasm.typeSection().getType(((FunctionImport) candidate).typeIndex());
            }
        }
        throw new IllegalStateException("no function import " + imp.qualifiedName());
    }
}
