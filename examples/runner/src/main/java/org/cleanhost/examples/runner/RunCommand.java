package org.cleanhost.examples.runner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.TaskOutcome;
import org.cleanhost.wasm.CleanCapabilityException;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanLinkException;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.CleanModuleException;
import org.cleanhost.wasm.CleanTimeoutException;
import org.cleanhost.wasm.CleanTrapException;
import org.cleanhost.wasm.CleanValues;
import org.cleanhost.wasm.ExecutionMode;
import org.cleanhost.wasm.ExportDescriptor;
import org.cleanhost.wasm.GuestConsole;
import org.cleanhost.wasm.GuestInput;
import org.cleanhost.wasm.HttpAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

@Command(name = "run", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Runs a module's entry point, or another export, with real async.",
            "Runs start (else _start), or the export --entry names, prints the guest's output as it happens and "
                    + "waits for its background tasks.",
            "With --entry, the export's result is then printed on a line of its own, after the guest's output: "
                    + "an i32 result is read as a Clean string (a pointer to a length-prefixed UTF-8 string), an i64 "
                    + "as an integer, an f32 or f64 as a number formatted as Clean's float_to_string does (3, 0.5); "
                    + "an export without a result prints nothing more. Without --entry no result is printed.",
            "Java functions guests may start by name:",
            "  clock.elapsed()   milliseconds since the entry point started",
            "  users.lookup(id)  a fake user directory answering after 100 ms"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:other failure, including a failed background task",
            "2:bad arguments, a missing file or a .wat file", "3:not a valid module", "4:link error",
            "5:trap", "6:timeout"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.wasm",
            description = "The module to run. Without it, runs the bundled demo.")
    Path file;

    @Option(names = "--entry", paramLabel = "NAME",
            description = "Export to run instead of the entry point; it must take no parameters. Its result is "
                    + "printed after the guest's output, as described above.")
    String entry;

    @Option(names = "--pool", paramLabel = "N", defaultValue = "4",
            description = "Instances for the program and its tasks (default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--interpreter", description = "Interpret instead of compiling to JVM bytecode.")
    boolean interpreter;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Stop after this long, background tasks included: 500ms, 30s, 2m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--allow-http", paramLabel = "HOST",
            description = "Let the program make HTTP requests (env.http_get and the rest) to HOST, a name or IP literal "
                    + "(every port of it); repeat for more hosts. Off by default: a request to any other host fails "
                    + "the run (exit 1) before anything is sent.")
    List<String> allowHttp = new ArrayList<>();

    @Option(names = "--quiet", description = "Print nothing but the guest's output, even on failure.")
    boolean quiet;

    @Override
    public Integer call() {
        if (pool < 1) {
            return fail(CleanRunner.FAILED, "--pool must be at least 1");
        }
        HttpAccess http = httpAccess();
        String unusable = ModuleSource.usageProblem(file);
        if (unusable != null) {
            return fail(CleanRunner.BAD_ARGUMENTS, unusable);
        }
        String what = ModuleSource.describe(file);
        CleanRuntime runtime = null;
        Disposable failures = null;
        AtomicInteger backgroundFailures = new AtomicInteger();
        AtomicLong started = new AtomicLong(System.nanoTime());
        try {
            CleanModule module = ModuleSource.load(file, interpreter ? ExecutionMode.INTERPRETED : ExecutionMode.COMPILED);
            String export = entry != null ? entry : module.entryPoint();
            if (export == null) {
                return fail(CleanRunner.FAILED, what + ": the module exports neither start nor _start; pass --entry NAME");
            }
            runtime = CleanRuntime.builder(module)
                    .poolSize(pool)
                    .warmUp(pool) // instantiate up front, so the timing the demo prints is the tasks'
                    .deadline(timeout)
                    .console(GuestConsole.stdout())
                    .input(GuestInput.stdin(GuestConsole.stdout())) // a CLI program may read its terminal
                    .httpAccess(http)
                    .function("clock.elapsed", args -> Mono.fromSupplier(
                            () -> Long.toString(Duration.ofNanos(System.nanoTime() - started.get()).toMillis())))
                    .function("users.lookup", RunCommand::lookupUser)
                    .backgroundFailureLogLevel(null) // reported below, once, as the runner's own message
                    .build();
            failures = runtime.taskOutcomes(TaskOutcome.Kind.BACKGROUND)
                    .filter(o -> !o.succeeded())
                    .subscribe(o -> {
                        backgroundFailures.incrementAndGet();
                        message("background task '" + o.task() + "' failed: " + o.errorMessage());
                    });
            started.set(System.nanoTime());
            ExportDescriptor called = module.export(export).orElse(null);
            Class<?> resultType = entry == null || called == null ? Void.class : resultType(called);
            CleanRuntime running = runtime;
            Optional<?> result = runtime.call(export, resultType)
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .flatMap(value -> running.whenIdle().thenReturn(value))
                    .block(timeout);
            if (result != null && result.isPresent()) {
                System.out.println(format(result.get()));
            }
            System.out.flush();
            return backgroundFailures.get() == 0 ? CleanRunner.OK : fail(CleanRunner.FAILED,
                    what + ": " + backgroundFailures.get() + " background task(s) failed");
        } catch (CleanModuleException e) {
            return fail(CleanRunner.BAD_MODULE, what + ": " + e.getMessage());
        } catch (CleanLinkException e) {
            return fail(CleanRunner.LINK_ERROR, what + ": " + e.getMessage());
        } catch (CleanTrapException e) {
            return fail(CleanRunner.TRAP, what + ": " + e.getMessage());
        } catch (CleanTimeoutException e) {
            return fail(CleanRunner.TIMEOUT, what + ": " + e.getMessage());
        } catch (CleanException | IllegalArgumentException e) {
            return fail(CleanRunner.FAILED, what + ": " + e.getMessage() + allowHttpHint(e));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof TimeoutException || e.getMessage().startsWith("Timeout on blocking read")) {
                return fail(CleanRunner.TIMEOUT, what + ": did not finish within " + timeout.toMillis() + " ms");
            }
            return fail(CleanRunner.FAILED, what + ": " + Exceptions.unwrap(e));
        } finally {
            if (failures != null) {
                failures.dispose();
            }
            if (runtime != null) {
                runtime.dispose();
            }
        }
    }

    /**
     * How the result of {@code export} is decoded, by its declared type, as docs/abi.md decodes a guest task's
     * result: i32 is a Clean string (an LP pointer), i64 an integer, f32/f64 a number; no result is nothing.
     */
    static Class<?> resultType(ExportDescriptor export) {
        if (!export.kind().equals("function") || export.results().size() != 1) {
            return Void.class; // not callable, or several results: the call reports it or prints nothing
        }
        return switch (export.results().get(0)) {
            case "i32" -> String.class;
            case "i64" -> Long.class;
            case "f32", "f64" -> Double.class;
            default -> Void.class;
        };
    }

    /** A decoded result as it is printed: numbers as float_to_string formats them, strings as they are. */
    static String format(Object result) {
        return result instanceof Double ? CleanValues.formatNumber((Double) result) : String.valueOf(result);
    }

    /** The hosts of {@code --allow-http}; a value that is not a host name is a usage error (exit 2). */
    private HttpAccess httpAccess() {
        if (allowHttp.isEmpty()) {
            return HttpAccess.none();
        }
        try {
            return HttpAccess.allowHosts(allowHttp.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--allow-http: " + e.getMessage()
                    + " (give a host name or IP literal, without scheme, path or port)");
        }
    }

    /** For an HTTP request the allow-list refused, somewhere in the failure's causes: which option allows it. */
    private static String allowHttpHint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CleanCapabilityException && ((CleanCapabilityException) t).where().startsWith("env.http")) {
                String host = ((CleanCapabilityException) t).target();
                return "\n(to let the program reach " + host + ", run with --allow-http " + host + ")";
            }
        }
        return "";
    }

    private static Mono<String> lookupUser(List<Object> args) {
        Object id = args.isEmpty() ? "?" : args.get(0);
        String name = "42".equals(String.valueOf(id)) ? "Ada Lovelace" : "unknown";
        return Mono.delay(Duration.ofMillis(100)).map(tick -> "user " + id + ": " + name);
    }

    private int fail(int code, String text) {
        message(text);
        return code;
    }

    private void message(String text) {
        System.out.flush();
        if (!quiet) {
            PrintStream err = System.err;
            err.println("clean-runner: " + text.replace("\n", "\n  "));
        }
    }
}
