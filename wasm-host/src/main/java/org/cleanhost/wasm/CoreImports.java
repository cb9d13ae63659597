package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.F64;
import static org.cleanhost.wasm.ValueKind.I32;
import static org.cleanhost.wasm.ValueKind.INT;

import java.util.List;

/**
 * The synchronous Clean runtime imports (cln 0.33): console, errors, input, memory runtime, number and
 * string conversions, sleep and state reset. docs/abi.md documents each; AbiDocumentTest keeps the two equal.
 */
final class CoreImports {
    private static final long[] NONE = new long[0];

    private CoreImports() {}

    static List<ImportSpec> specs(GuestConsole console, GuestInput input) {
        return List.of(
                ImportSpec.of("env", "print", "prints the UTF-8 text (ptr, len)", List.of(I32, I32), List.of(), (c, a) -> {
                    console.print(c.memory().readUtf8("env.print", a[0], a[1]));
                    return NONE;
                }),
                ImportSpec.of("env", "printl", "prints the UTF-8 text (ptr, len) and a newline", List.of(I32, I32), List.of(), (c, a) -> {
                    console.print(c.memory().readUtf8("env.printl", a[0], a[1]) + "\n");
                    return NONE;
                }),
                ImportSpec.of("env", "print_integer", "prints a decimal integer", List.of(INT), List.of(), (c, a) -> {
                    console.print(Long.toString(a[0]));
                    return NONE;
                }),
                ImportSpec.of("env", "print_float", "prints a number", List.of(F64), List.of(), (c, a) -> {
                    console.print(CleanValues.formatNumber(Double.longBitsToDouble(a[0])));
                    return NONE;
                }),
                ImportSpec.of("env", "print_boolean", "prints true or false", List.of(I32), List.of(), (c, a) -> {
                    console.print(a[0] != 0 ? "true" : "false");
                    return NONE;
                }),
                ImportSpec.of("env", "error", "reports an error message to the host's error console; returns the message", List.of(I32), List.of(I32), (c, a) -> {
                    console.error(c.memory().readLp("env.error", a[0]));
                    return new long[] {a[0]};
                }),
                ImportSpec.of("env", "input", "reads a line of input", List.of(I32), List.of(I32), (c, a) -> {
                    String prompt = a[0] == 0 ? "" : c.memory().readLp("env.input", a[0]);
                    String line = input.readLine(prompt);
                    return new long[] {c.memory().writeLp("env.input", line == null ? "" : line)};
                }),
                ImportSpec.of("env", "float_to_string", "formats a number as a new string", List.of(F64), List.of(I32), (c, a) ->
                        new long[] {c.memory().writeLp("env.float_to_string", CleanValues.formatNumber(Double.longBitsToDouble(a[0])))}),
                ImportSpec.of("env", "string_to_float", "parses a number (NaN if unparsable)", List.of(I32), List.of(F64), (c, a) ->
                        new long[] {Double.doubleToRawLongBits(CleanValues.parseNumber(c.memory().readLp("env.string_to_float", a[0])))}),
                ImportSpec.of("env", "_server_sleep", "sleeps for ms milliseconds (interruptible)", List.of(INT), List.of(), (c, a) -> {
                    sleep(a[0]);
                    return NONE;
                }),
                ImportSpec.of("env", "_state_reset_all", "no-op (no per-server state)", List.of(), List.of(), (c, a) -> NONE),
                ImportSpec.of("env", "_state_reset_named", "no-op (no per-server state)", List.of(I32), List.of(), (c, a) -> NONE),
                ImportSpec.of("memory_runtime", "mem_alloc", "allocates through the guest's malloc", List.of(I32, I32), List.of(I32), (c, a) ->
                        new long[] {c.malloc("memory_runtime.mem_alloc", a[1])}),
                ImportSpec.of("memory_runtime", "mem_retain", "no reference counting; pointer checked", List.of(I32), List.of(), (c, a) -> {
                    c.memory().checkPointer("memory_runtime.mem_retain", a[0]);
                    return NONE;
                }),
                ImportSpec.of("memory_runtime", "mem_release", "no reference counting; pointer checked", List.of(I32), List.of(), (c, a) -> {
                    c.memory().checkPointer("memory_runtime.mem_release", a[0]);
                    return NONE;
                }),
                ImportSpec.of("memory_runtime", "mem_scope_push", "scope bookkeeping (heap rewound per host call)", List.of(), List.of(), (c, a) -> {
                    c.scopeEnter();
                    return NONE;
                }),
                ImportSpec.of("memory_runtime", "mem_scope_pop", "scope bookkeeping", List.of(), List.of(), (c, a) -> {
                    c.scopeExit();
                    return NONE;
                }));
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // Keep the flag: the call that is running reports the interrupt (deadline or cancellation).
            Thread.currentThread().interrupt();
            throw new com.dylibso.chicory.runtime.ChicoryInterruptedException("interrupted in env._server_sleep");
        }
    }
}
