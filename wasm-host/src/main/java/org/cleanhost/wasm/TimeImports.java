package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.I64;

import java.time.Clock;
import java.util.List;

/** {@code _time_now} (alias {@code time.now}): the current Unix time in whole seconds. docs/abi.md, "Time imports". */
final class TimeImports {
    private TimeImports() {}

    static List<ImportSpec> specs() {
        return specs(Clock.systemUTC());
    }

    static List<ImportSpec> specs(Clock clock) {
        return List.of(ImportSpec.of("env", "_time_now", "Unix time in seconds", List.of(), List.of(I64), (c, a) ->
                new long[] {clock.instant().getEpochSecond()}));
    }
}
