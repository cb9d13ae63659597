package org.cleanhost.wasm;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A host import this library provides: its name, the kinds it binds to, and its implementation.
 * Linking matches a module's declared function type against {@link #params} and {@link #results}.
 * Several specs may share a name (overloads, e.g. a string as one LP pointer or as a {@code (ptr, len)}
 * pair): {@link Linker} binds the first that accepts the declared type. Aliases are not specs: the linker
 * resolves them to their primary ({@link ImportAliases}).
 */
record ImportSpec(String module, String name, String summary, List<ValueKind> params, List<ValueKind> results, Handler handler) {

    /** The Java side of an import. {@code args} holds the raw WASM values in declaration order. */
    @FunctionalInterface
    interface Handler {
        long[] apply(CleanInstance caller, long[] args);
    }

    static ImportSpec of(String module, String name, String summary, List<ValueKind> params, List<ValueKind> results,
            Handler handler) {
        return new ImportSpec(module, name, summary, List.copyOf(params), List.copyOf(results), handler);
    }

    String qualifiedName() {
        return module + "." + name;
    }

    boolean accepts(FunctionType declared) {
        return matches(params, declared.params()) && matches(results, declared.returns());
    }

    /** {@code (i32, int) -> i32}, the notation of docs/abi.md. */
    String signature() {
        return ImportDescriptor.signature(params.stream().map(ValueKind::docName).collect(Collectors.toList()),
                results.stream().map(ValueKind::docName).collect(Collectors.toList()));
    }

    static String signature(FunctionType type) {
        return ImportDescriptor.signature(type.params().stream().map(ImportSpec::typeName).collect(Collectors.toList()),
                type.returns().stream().map(ImportSpec::typeName).collect(Collectors.toList()));
    }

    private static String typeName(ValType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean matches(List<ValueKind> kinds, List<ValType> types) {
        if (kinds.size() != types.size()) {
            return false;
        }
        for (int i = 0; i < kinds.size(); i++) {
            if (!kinds.get(i).accepts(types.get(i))) {
                return false;
            }
        }
        return true;
    }
}
