package org.cleanhost.wasm;

/**
 * The linear-memory settings of a Clean module: the declared memory, refined by the compiler's
 * {@code clean:memory} custom section when present.
 *
 * @param initialPages pages (64 KiB each) an instance starts with
 * @param maxPages pages an instance may grow to; {@code memory.grow} beyond it returns -1 inside the guest
 * @param tier the section's {@code tier} value, or {@code "unspecified"} when the module has no section
 */
public record MemoryConfig(int initialPages, int maxPages, String tier) {}
