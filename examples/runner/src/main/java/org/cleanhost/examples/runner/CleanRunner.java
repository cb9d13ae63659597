package org.cleanhost.examples.runner;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs Clean {@code .wasm} modules from the command line on the reactive host, async for real.
 * Standard output carries exactly the guest's output; the runner's own messages go to standard error.
 */
@Command(name = "clean-runner", mixinStandardHelpOptions = true, version = "clean-runner 0.1.0",
        usageHelpAutoWidth = true,
        description = "Runs Clean WebAssembly modules on the JVM with real async (futures, background tasks).",
        subcommands = {RunCommand.class, InspectCommand.class})
public final class CleanRunner {
    /** The bundled demo guest, run when {@code run} gets no file. */
    static final String DEMO = "/guests/demo.wasm";

    /** Exit codes, one per kind of failure, so scripts can tell them apart. */
    static final int OK = 0;
    static final int FAILED = 1;
    /** Bad arguments, as picocli reports them; also a missing file or a {@code .wat} file given for a module. */
    static final int BAD_ARGUMENTS = 2;
    static final int BAD_MODULE = 3;
    static final int LINK_ERROR = 4;
    static final int TRAP = 5;
    static final int TIMEOUT = 6;

    private CleanRunner() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return new CommandLine(CleanRunner.class).execute(args);
    }
}
