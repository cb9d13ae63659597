package org.cleanhost.examples.runner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanHost;
import org.cleanhost.wasm.CleanLinkException;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.CleanModuleException;
import org.cleanhost.wasm.CleanTimeoutException;
import org.cleanhost.wasm.CleanTrapException;
import org.cleanhost.wasm.ExecutionMode;
import org.cleanhost.wasm.GuestConsole;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs a Clean {@code .wasm} module from the command line. Standard output carries exactly the guest's
 * output; the runner's own messages go to standard error.
 */
@Command(name = "clean-runner", mixinStandardHelpOptions = true, version = "clean-runner 0.1.0",
        description = "Runs Clean WebAssembly modules on the JVM.",
        subcommands = {CleanRunner.Run.class})
public final class CleanRunner {
    static final String DEMO = "/guests/hello.wasm";

    /** Exit codes, one per kind of failure, so scripts can tell them apart. */
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_MODULE = 3;
    static final int LINK_ERROR = 4;
    static final int TRAP = 5;
    static final int TIMEOUT = 6;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return new CommandLine(new CleanRunner()).execute(args);
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs a module's entry point (start, else _start) and prints its output.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.wasm",
                description = "The module to run. Without it, runs the bundled demo guest.")
        Path file;

        @Option(names = "--entry", paramLabel = "NAME", description = "Export to run instead of the entry point.")
        String entry;

        @Option(names = "--interpreter", description = "Interpret instead of compiling to JVM bytecode.")
        boolean interpreter;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
                description = "Stop the guest after this long, e.g. 500ms, 30s, 2m (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = "--quiet", description = "Print nothing but the guest's output, even on failure.")
        boolean quiet;

        @Override
        public Integer call() {
            PrintStream err = System.err;
            ExecutionMode mode = interpreter ? ExecutionMode.INTERPRETED : ExecutionMode.COMPILED;
            String what = file == null ? "bundled demo " + DEMO : file.toString();
            try {
                CleanModule module = file == null ? CleanModule.loadResource(DEMO, mode) : CleanModule.load(file, mode);
                String export = entry != null ? entry : module.entryPoint();
                if (export == null) {
                    return fail(err, FAILED, what + ": the module exports neither start nor _start; pass --entry NAME");
                }
                CleanHost host = CleanHost.builder(module).console(GuestConsole.stdout()).defaultDeadline(timeout).build();
                host.newInstance().call(export, Void.class);
                return OK;
            } catch (CleanModuleException e) {
                return fail(err, BAD_MODULE, what + ": " + e.getMessage());
            } catch (CleanLinkException e) {
                return fail(err, LINK_ERROR, what + ": " + e.getMessage());
            } catch (CleanTrapException e) {
                return fail(err, TRAP, what + ": " + e.getMessage());
            } catch (CleanTimeoutException e) {
                return fail(err, TIMEOUT, what + ": " + e.getMessage());
            } catch (CleanException | IllegalArgumentException e) {
                return fail(err, FAILED, what + ": " + e.getMessage());
            }
        }

        private int fail(PrintStream err, int code, String message) {
            System.out.flush();
            if (!quiet) {
                err.println("clean-runner: " + message);
            }
            return code;
        }
    }

    /** Parses {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601 such as {@code PT30S}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.startsWith("pt")) {
                    return Duration.parse(value.trim());
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                long amount = Long.parseLong(v.substring(0, v.length() - 1));
                switch (v.charAt(v.length() - 1)) {
                    case 's':
                        return Duration.ofSeconds(amount);
                    case 'm':
                        return Duration.ofMinutes(amount);
                    case 'h':
                        return Duration.ofHours(amount);
                    default:
                        break;
                }
            } catch (RuntimeException e) {
                // fall through to the message below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 500ms, 30s, 2m or PT30S");
        }
    }
}
