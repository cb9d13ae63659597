package org.cleanhost.examples.runner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanHost;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.ExecutionMode;
import org.cleanhost.wasm.ExportDescriptor;
import org.cleanhost.wasm.ImportStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Lists a module's imports and exports and which imports this host provides.",
            "For every import it says whether this host provides it and how (imports under a registry alias say "
                    + "which import serves them), then lists every import the host lacks."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every import is provided", "2:bad arguments, a missing file or a .wat file",
            "3:not a valid module", "4:some imports are not provided"})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.wasm",
            description = "The module to inspect. Without it, inspects the bundled demo.")
    Path file;

    @Option(names = "--all-exports", description = "List every export (Clean modules carry ~200 runtime helpers).")
    boolean allExports;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        String unusable = ModuleSource.usageProblem(file);
        if (unusable != null) {
            System.err.println("clean-runner: " + unusable.replace("\n", "\n  "));
            return CleanRunner.BAD_ARGUMENTS;
        }
        CleanModule module;
        try {
            module = ModuleSource.load(file, ExecutionMode.INTERPRETED); // no need to compile to inspect
        } catch (CleanException e) {
            System.err.println("clean-runner: " + ModuleSource.describe(file) + ": " + e.getMessage());
            return CleanRunner.BAD_MODULE;
        }
        List<ImportStatus> imports = CleanHost.checkImports(module, true);
        out.println("module: " + ModuleSource.describe(file));
        out.println("entry point: " + (module.entryPoint() == null ? "none (start and _start are missing)" : module.entryPoint()));
        out.println("memory: " + module.memory().initialPages() + " pages initial, " + module.memory().maxPages()
                + " max, tier " + module.memory().tier());
        out.println();
        out.println("imports (" + imports.size() + "):");
        List<ImportStatus> lacking = new java.util.ArrayList<>();
        for (ImportStatus status : imports) {
            String verdict = switch (status.resolution()) {
                case PROVIDED -> "ok        " + status.description();
                case TYPE_MISMATCH -> "MISMATCH  host offers " + status.offered() + ": " + status.description();
                case NEEDS_ASYNC_HOST -> "ok        " + status.description();
                case UNKNOWN -> "MISSING   " + status.description();
                case UNSUPPORTED_KIND -> "MISSING   " + status.description();
            };
            if (!status.isProvided()) {
                lacking.add(status);
            }
            out.printf("  %-34s %-28s %s%n", status.declared().qualifiedName(), status.declared().signature(), verdict);
        }
        List<ExportDescriptor> exports = module.exports();
        List<ExportDescriptor> shown = allExports ? exports
                : exports.stream().filter(e -> !e.name().contains(".") && !e.name().contains("_") || isHostExport(e.name())).toList();
        out.println();
        out.println("exports (" + exports.size() + (shown.size() < exports.size() ? ", " + shown.size() + " shown; --all-exports for all" : "") + "):");
        for (ExportDescriptor e : shown) {
            out.printf("  %-34s %s%n", e.name(), e.kind().equals("function") ? e.signature() : e.kind());
        }
        out.println();
        if (lacking.isEmpty()) {
            out.println("this host provides every import");
            return CleanRunner.OK;
        }
        out.println("the host lacks " + lacking.size() + " import(s) the module needs; it will not link:");
        for (ImportStatus status : lacking) {
            String why = status.resolution() == ImportStatus.Resolution.TYPE_MISMATCH
                    ? "declared " + status.declared().signature() + ", host offers " + status.offered()
                    : status.description();
            out.printf("  %-34s %s%n", status.declared().qualifiedName(), why);
        }
        return CleanRunner.LINK_ERROR;
    }

    private static boolean isHostExport(String name) {
        return name.equals("__heap_ptr") || name.equals("_start") || name.startsWith("scope_");
    }
}
