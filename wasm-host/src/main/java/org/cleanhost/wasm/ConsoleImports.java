package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.F64;
import static org.cleanhost.wasm.ValueKind.I32;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The console imports of the cln 0.33 registry that {@link CoreImports} does not already provide:
 * {@code print_string}, {@code console_log/error/warn}, the typed {@code input_*} readers, and the
 * {@code (ptr, len)} overloads of {@code error} and {@code input}. docs/abi.md, "Console imports".
 */
final class ConsoleImports {
    private static final long[] NONE = new long[0];

    private ConsoleImports() {}

    static List<ImportSpec> specs(GuestConsole console, GuestInput input) {
        return List.of(
                ImportSpec.of("env", "print_string", "prints the UTF-8 text (ptr, len)", List.of(I32, I32), List.of(), (c, a) -> {
                    console.print(c.memory().readUtf8("env.print_string", a[0], a[1]));
                    return NONE;
                }),
                ImportSpec.of("env", "console_log", "prints the text (ptr, len) and a newline", List.of(I32, I32), List.of(), (c, a) -> {
                    console.print(c.memory().readUtf8("env.console_log", a[0], a[1]) + "\n");
                    return NONE;
                }),
                ImportSpec.of("env", "console_error", "reports the text (ptr, len) to the error console", List.of(I32, I32), List.of(), (c, a) -> {
                    console.error(c.memory().readUtf8("env.console_error", a[0], a[1]));
                    return NONE;
                }),
                ImportSpec.of("env", "console_warn", "reports the text (ptr, len) as a warning", List.of(I32, I32), List.of(), (c, a) -> {
                    console.warn(c.memory().readUtf8("env.console_warn", a[0], a[1]));
                    return NONE;
                }),
                ImportSpec.of("env", "error", "reports the message (ptr, len) to the error console; returns 0", List.of(I32, I32), List.of(I32), (c, a) -> {
                    console.error(c.memory().readUtf8("env.error", a[0], a[1]));
                    return new long[] {0};
                }),
                ImportSpec.of("env", "input", "reads a line of input, prompt (ptr, len)", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String line = input.readLine(c.memory().readUtf8("env.input", a[0], a[1]));
                    return new long[] {c.memory().writeLp("env.input", line == null ? "" : line)};
                }),
                ImportSpec.of("env", "input_integer", "reads lines until one is an integer; 0 at end of input", List.of(I32), List.of(I32), (c, a) -> {
                    Integer value = readUntil(input, prompt(c, "env.input_integer", a[0]), ConsoleImports::parseInt);
                    return new long[] {value == null ? 0 : value};
                }),
                ImportSpec.of("env", "input_float", "reads lines until one is a number; 0 at end of input", List.of(I32), List.of(F64), (c, a) -> {
                    Double value = readUntil(input, prompt(c, "env.input_float", a[0]), ConsoleImports::parseDouble);
                    return new long[] {Double.doubleToRawLongBits(value == null ? 0.0 : value)};
                }),
                ImportSpec.of("env", "input_yesno", "reads lines until one is yes or no; false at end of input", List.of(I32), List.of(I32), (c, a) -> {
                    Boolean value = readUntil(input, prompt(c, "env.input_yesno", a[0]), ConsoleImports::parseYesNo);
                    return new long[] {value != null && value ? 1 : 0};
                }),
                ImportSpec.of("env", "input_range", "reads lines until one is an integer in [min, max]; min at end of input",
                        List.of(I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String prompt = c.memory().readUtf8("env.input_range", a[0], a[1]);
                    int min = (int) a[2];
                    int max = (int) a[3];
                    if (min > max) {
                        throw new CleanAbiException("env.input_range", "min " + min + " is greater than max " + max);
                    }
                    Integer value = readUntil(input, prompt, line -> {
                        Integer n = parseInt(line);
                        return n != null && n >= min && n <= max ? n : null;
                    });
                    return new long[] {value == null ? min : value};
                }));
    }

    private static String prompt(CleanInstance caller, String where, long ptr) {
        return ptr == 0 ? "" : caller.memory().readLp(where, ptr);
    }

    /** Asks until {@code parse} accepts a line (non-null); {@code null} at end of input. */
    private static <T> T readUntil(GuestInput input, String prompt, Function<String, T> parse) {
        while (true) {
            String line = input.readLine(prompt);
            if (line == null) {
                return null;
            }
            T value = parse.apply(line.trim());
            if (value != null) {
                return value;
            }
        }
    }

    private static Integer parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseDouble(String text) {
        double value = CleanValues.parseNumber(text);
        return Double.isNaN(value) ? null : value;
    }

    private static Boolean parseYesNo(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "y":
            case "yes":
            case "true":
                return Boolean.TRUE;
            case "n":
            case "no":
            case "false":
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
