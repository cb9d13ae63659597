package org.cleanhost.wasm;

/** How a {@link CleanModule}'s code runs on Chicory. */
public enum ExecutionMode {
    /**
     * Chicory's runtime compiler translates the module to JVM bytecode once per {@link CleanModule};
     * every instance shares the compiled code. 55-150x faster than {@link #INTERPRETED}. The default.
     */
    COMPILED,
    /**
     * Chicory's interpreter. Starts faster and needs no class generation; deadlines are enforced by
     * an instruction listener because the 1.7.5 interpreter ignores interrupts on {@code br_if} loops.
     */
    INTERPRETED
}
