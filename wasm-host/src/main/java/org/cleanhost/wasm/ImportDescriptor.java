package org.cleanhost.wasm;

/**
 * One import of a module, as declared by the module.
 *
 * @param module the import's module name, e.g. {@code env}
 * @param name the import's field name, e.g. {@code printl}
 * @param kind {@code function}, {@code memory}, {@code global}, {@code table} or {@code tag}
 * @param signature for functions the WASM type in the form {@code (i32, i32) -> i32}; empty otherwise
 */
public record ImportDescriptor(String module, String name, String kind, String signature) {
    /** {@code module.name}, the form used in every diagnostic. */
    public String qualifiedName() {
        return module + "." + name;
    }
}
