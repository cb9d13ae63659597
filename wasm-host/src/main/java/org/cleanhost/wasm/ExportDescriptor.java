package org.cleanhost.wasm;

import java.util.List;

/**
 * One export of a module.
 *
 * @param name the export name, e.g. {@code start}
 * @param kind {@code function}, {@code memory}, {@code global}, {@code table} or {@code tag}
 * @param params for functions the parameter types ({@code i32}, {@code i64}, {@code f32}, {@code f64}); empty otherwise
 * @param results for functions the result types; empty otherwise
 */
public record ExportDescriptor(String name, String kind, List<String> params, List<String> results) {
    public ExportDescriptor {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** For functions the WASM type in the form {@code (i32, i32) -> i32}; empty otherwise. */
    public String signature() {
        return kind.equals("function") ? ImportDescriptor.signature(params, results) : "";
    }
}
