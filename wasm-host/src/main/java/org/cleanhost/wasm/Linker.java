package org.cleanhost.wasm;

import org.cleanhost.wasm.async.AsyncHost;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds every import of a module to a provided {@link ImportSpec}, reporting all failures at once.
 *
 * <p><b>Names.</b> An import name resolves, in this order, to the specs provided under that exact name, to
 * those of the primary an {@link ImportAliases#EXPLICIT explicit alias} names, or to those of the primary
 * whose {@link ImportAliases#autoAlias auto-alias} it is ({@code env.time.now} to {@code env._time_now}).
 *
 * <p><b>Overloads.</b> Several specs may share one name (e.g. a string as one LP pointer, or as a
 * {@code (ptr, len)} pair). The first spec, in the order provided, whose kinds accept the module's declared
 * function type is bound; when none does, the import is a type mismatch listing every offered signature.
 */
final class Linker {

    /** An import bound to the handler that serves it, with the type the module declared. */
    record Binding(String module, String name, FunctionType declared, ImportSpec.Handler handler) {}

    /** One import's verdict and, when bound, the spec chosen for it. */
    private record Resolution(ImportStatus status, ImportSpec spec, FunctionType declared) {}

    private Linker() {}

    /** The verdict on every import of {@code module}, in declaration order. */
    static List<ImportStatus> check(CleanModule module, List<ImportSpec> provided, boolean asyncHostInstalled) {
        return resolve(module, provided, asyncHostInstalled).stream().map(Resolution::status).collect(Collectors.toList());
    }

    /**
     * @param asyncHostInstalled whether the async imports are backed by an {@link AsyncHost}
     * @param lenient bind unresolvable function imports to functions that throw when called
     * @throws CleanLinkException listing every import that cannot be bound
     */
    static List<Binding> link(CleanModule module, List<ImportSpec> provided, boolean asyncHostInstalled, boolean lenient) {
        List<Binding> bindings = new ArrayList<>();
        List<CleanLinkException.Problem> problems = new ArrayList<>();
        for (Resolution r : resolve(module, provided, asyncHostInstalled)) {
            ImportStatus status = r.status();
            ImportDescriptor imp = status.declared();
            if (status.isProvided()) {
                ImportSpec spec = r.spec();
                ImportSpec.Handler handler = spec.qualifiedName().equals(imp.qualifiedName())
                        ? spec.handler() : underAlias(imp.qualifiedName(), spec.qualifiedName(), spec.handler());
                bindings.add(new Binding(imp.module(), imp.name(), r.declared(), handler));
                continue;
            }
            CleanLinkException.Problem problem = new CleanLinkException.Problem(imp.module(), imp.name(),
                    imp.kind().equals("function") ? imp.signature() : imp.kind(), status.offered(), status.description());
            if (lenient && status.resolution() != ImportStatus.Resolution.UNSUPPORTED_KIND) {
                bindings.add(new Binding(imp.module(), imp.name(), r.declared(), (caller, args) -> {
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

    /**
     * The primary name {@code qualifiedName} stands for among {@code byName}'s keys: itself when specs are
     * provided under it, else the target of an explicit alias, else the primary it is the auto-alias of,
     * else itself (nothing provides it).
     */
    static String primaryName(String qualifiedName, Map<String, List<ImportSpec>> byName, Map<String, String> autoAliases) {
        if (byName.containsKey(qualifiedName)) {
            return qualifiedName;
        }
        String explicit = ImportAliases.EXPLICIT.get(qualifiedName);
        if (explicit != null) {
            return explicit;
        }
        return autoAliases.getOrDefault(qualifiedName, qualifiedName);
    }

    /** The provided specs grouped by qualified name, overloads in the order provided. */
    static Map<String, List<ImportSpec>> byName(List<ImportSpec> provided) {
        Map<String, List<ImportSpec>> byName = new LinkedHashMap<>();
        for (ImportSpec spec : provided) {
            byName.computeIfAbsent(spec.qualifiedName(), k -> new ArrayList<>()).add(spec);
        }
        return byName;
    }

    /** {@code module.namespace.fn} to {@code module._namespace_fn} for every provided primary with an auto-alias. */
    static Map<String, String> autoAliases(Map<String, List<ImportSpec>> byName) {
        Map<String, String> auto = new LinkedHashMap<>();
        for (List<ImportSpec> specs : byName.values()) {
            ImportSpec spec = specs.get(0);
            String alias = ImportAliases.autoAlias(spec.name());
            if (alias != null) {
                auto.putIfAbsent(spec.module() + "." + alias, spec.qualifiedName());
            }
        }
        return auto;
    }

    private static List<Resolution> resolve(CleanModule module, List<ImportSpec> provided, boolean asyncHostInstalled) {
        Map<String, List<ImportSpec>> byName = byName(provided);
        Map<String, String> auto = autoAliases(byName);
        Set<String> asyncNames = AsyncImports.names();
        List<Resolution> out = new ArrayList<>();
        for (ImportDescriptor imp : module.imports()) {
            if (!imp.kind().equals("function")) {
                out.add(new Resolution(new ImportStatus(imp, ImportStatus.Resolution.UNSUPPORTED_KIND, null,
                        "only function imports are supported; the module must define its own " + imp.kind()), null, null));
                continue;
            }
            FunctionType declared = declaredType(module.wasm(), imp);
            String primary = primaryName(imp.qualifiedName(), byName, auto);
            String via = primary.equals(imp.qualifiedName()) ? "" : " (alias of " + primary + ")";
            List<ImportSpec> specs = byName.get(primary);
            if (specs == null && asyncNames.contains(primary) && !asyncHostInstalled) {
                out.add(new Resolution(new ImportStatus(imp, ImportStatus.Resolution.NEEDS_ASYNC_HOST, null,
                        "async import needs an AsyncHost; it is provided by " + AsyncImports.PROVIDER + via), null, declared));
                continue;
            }
            if (specs == null) {
                out.add(new Resolution(new ImportStatus(imp, ImportStatus.Resolution.UNKNOWN, null,
                        "no host function with this name"), null, declared));
                continue;
            }
            ImportSpec chosen = specs.stream().filter(s -> s.accepts(declared)).findFirst().orElse(null);
            if (chosen == null) {
                String offered = specs.stream().map(ImportSpec::signature).collect(Collectors.joining(" or "));
                out.add(new Resolution(new ImportStatus(imp, ImportStatus.Resolution.TYPE_MISMATCH, offered,
                        "declared type does not match (int means i32 or i64)" + via), null, declared));
            } else {
                out.add(new Resolution(new ImportStatus(imp, ImportStatus.Resolution.PROVIDED, chosen.signature(),
                        chosen.summary() + via), chosen, declared));
            }
        }
        return out;
    }

    /**
     * Serves an alias with its primary's handler, re-labelling the primary's errors so that they name the
     * import as the module declared it ({@code env.string.concat (env.string_concat): null string pointer}).
     */
    static ImportSpec.Handler underAlias(String alias, String primary, ImportSpec.Handler handler) {
        String label = alias + " (" + primary + ")";
        return (caller, args) -> {
            try {
                return handler.apply(caller, args);
            } catch (CleanMemoryException e) {
                CleanMemoryException relabelled = new CleanMemoryException(relabel(e.getMessage(), primary, label));
                relabelled.initCause(e);
                throw relabelled;
            } catch (CleanAbiException e) {
                if (e.getClass() != CleanAbiException.class) {
                    throw e;
                }
                String problem = e.getMessage().startsWith(e.where() + ": ") ? e.getMessage().substring(e.where().length() + 2) : e.getMessage();
                CleanAbiException relabelled = new CleanAbiException(alias, problem + " (import " + primary + ")");
                relabelled.initCause(e);
                throw relabelled;
            }
        };
    }

    private static String relabel(String message, String primary, String label) {
        return message.startsWith(primary) ? label + message.substring(primary.length()) : label + ": " + message;
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
