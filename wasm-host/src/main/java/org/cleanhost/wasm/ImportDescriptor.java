package org.cleanhost.wasm;

import java.util.List;

/**
 * One import of a module, as declared by the module.
 *
 * @param module the import's module name, e.g. {@code env}
 * @param name the import's field name, e.g. {@code printl}
 * @param kind {@code function}, {@code memory}, {@code global}, {@code table} or {@code tag}
 * @param params for functions the declared parameter types; empty otherwise
 * @param results for functions the declared result types; empty otherwise
 */
public record ImportDescriptor(String module, String name, String kind, List<String> params, List<String> results) {
    public ImportDescriptor {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** {@code module.name}, the form used in every diagnostic. */
    public String qualifiedName() {
        return module + "." + name;
    }

    /** For functions the WASM type in the form {@code (i32, i32) -> i32}; empty otherwise. */
    public String signature() {
        return kind.equals("function") ? signature(params, results) : "";
    }

    static String signature(List<String> params, List<String> results) {
        String out = results.isEmpty() ? "()" : results.size() == 1 ? results.get(0) : "(" + String.join(", ", results) + ")";
        return "(" + String.join(", ", params) + ") -> " + out;
    }
}
