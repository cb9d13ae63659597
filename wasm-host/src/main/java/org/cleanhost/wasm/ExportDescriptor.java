package org.cleanhost.wasm;

/**
 * One export of a module.
 *
 * @param name the export name, e.g. {@code start}
 * @param kind {@code function}, {@code memory}, {@code global}, {@code table} or {@code tag}
 * @param signature for functions the WASM type in the form {@code (i32) -> i32}; empty otherwise
 */
public record ExportDescriptor(String name, String kind, String signature) {}
