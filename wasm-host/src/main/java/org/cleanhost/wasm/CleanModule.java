package org.cleanhost.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A parsed, validated and (in {@link ExecutionMode#COMPILED} mode) compiled Clean module. Compilation
 * is paid here, once; every instance created from it shares the compiled code.
 *
 * <p>Immutable and thread-safe. Loading blocks the calling thread while it parses and compiles
 * (about a quarter of a second for real Clean output): do it at startup, not on a request path.
 */
public final class CleanModule {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WasmModule wasm;
    private final ExecutionMode mode;
    private final Function<Instance, Machine> machineFactory;
    private final MemoryConfig memory;
    private final List<ImportDescriptor> imports;
    private final List<ExportDescriptor> exports;
    private final boolean hasHeapScopes;
    private final java.util.Map<String, ExportDescriptor> exportsByName = new java.util.HashMap<>();
    private final java.util.Map<String, FunctionType> functionExports = new java.util.HashMap<>();

    private CleanModule(WasmModule wasm, ExecutionMode mode) {
        this.wasm = wasm;
        this.mode = mode;
        checkIndices(wasm);
        this.memory = readMemoryConfig(wasm);
        this.imports = describeImports(wasm);
        this.exports = describeExports(wasm);
        for (int i = 0; i < wasm.exportSection().exportCount(); i++) {
            Export e = wasm.exportSection().getExport(i);
            if (e.exportType() == ExternalType.FUNCTION) {
                functionExports.putIfAbsent(e.name(), functionType(wasm, e.index()));
            }
        }
        for (ExportDescriptor e : exports) {
            exportsByName.putIfAbsent(e.name(), e);
        }
        FunctionType push = exportType(wasm, HostExports.SCOPE_PUSH);
        FunctionType pop = exportType(wasm, HostExports.SCOPE_POP);
        this.hasHeapScopes = push != null && pop != null
                && push.params().isEmpty() && push.returns().equals(List.of(com.dylibso.chicory.wasm.types.ValType.I32))
                && pop.params().equals(List.of(com.dylibso.chicory.wasm.types.ValType.I32)) && pop.returns().isEmpty();
        try {
            this.machineFactory = mode == ExecutionMode.COMPILED ? MachineFactoryCompiler.compile(wasm) : null;
        } catch (RuntimeException | Error e) {
            throw new CleanModuleException("module cannot be compiled: " + reason(e), e);
        }
    }

    /**
     * Parses, validates and prepares {@code wasm} for {@code mode}.
     *
     * <p>Whatever the bytes, this either returns a module or throws {@link CleanModuleException}: a
     * structural scan first rejects, in microseconds, modules whose sections, counts or lengths cannot
     * be right, or that declare more than engines accept (see docs/reliability.md, "Module loading");
     * any failure of the parser or compiler after it, including an {@link Error} such as
     * {@link OutOfMemoryError}, {@link StackOverflowError} or (with {@code -ea}) an assertion inside the
     * engine, becomes a {@code CleanModuleException} with the error as its cause.
     *
     * @param wasm the module's bytes; {@code null} or empty is rejected
     * @param mode how instances run the code; {@code null} is rejected
     * @return the loaded module
     * @throws CleanModuleException when the bytes are empty, malformed or invalid WebAssembly, exceed a
     *     limit, cannot be compiled, or the {@code clean:memory} section is not the JSON the Clean compiler writes
     */
    public static CleanModule load(byte[] wasm, ExecutionMode mode) {
        if (wasm == null || wasm.length == 0) {
            throw new CleanModuleException("empty module: 0 bytes");
        }
        if (mode == null) {
            throw new CleanModuleException("no execution mode given for a module of " + wasm.length + " bytes");
        }
        ModuleScan.check(wasm);
        WasmModule parsed;
        try {
            parsed = Parser.parse(wasm);
        } catch (RuntimeException | Error e) {
            throw new CleanModuleException("not a valid WebAssembly module (" + wasm.length + " bytes): " + reason(e), e);
        }
        try {
            return new CleanModule(parsed, mode);
        } catch (CleanModuleException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new CleanModuleException("module (" + wasm.length + " bytes) cannot be prepared: " + reason(e), e);
        }
    }

    /** The error's message prefixed by its kind, for errors such as NullPointerException whose message says little. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        String kind = e instanceof ChicoryException ? "" : e.getClass().getSimpleName() + ": ";
        return kind + (message == null ? "(no message)" : message);
    }

    /**
     * Checks every type, function, global, memory and table index the host reads from the parsed module, so that
     * describing imports and exports never indexes past a section.
     */
    private static void checkIndices(WasmModule wasm) {
        int types = wasm.typeSection().typeCount();
        int[] imported = new int[ExternalType.values().length];
        for (int i = 0; i < wasm.importSection().importCount(); i++) {
            Import imp = wasm.importSection().getImport(i);
            imported[imp.importType().ordinal()]++;
            if (imp instanceof FunctionImport) {
                int type = ((FunctionImport) imp).typeIndex();
                if (type < 0 || type >= types || wasm.typeSection().getType(type) == null) {
                    throw new CleanModuleException("import " + i + " (" + imp.module() + "." + imp.name()
                            + ") has type index " + type + " but the module declares " + types + " function types");
                }
            }
        }
        int defined = wasm.functionSection().functionCount();
        for (int f = 0; f < defined; f++) {
            int type = wasm.functionSection().getFunctionType(f);
            if (type < 0 || type >= types || wasm.typeSection().getType(type) == null) {
                throw new CleanModuleException("function " + (imported[ExternalType.FUNCTION.ordinal()] + f)
                        + " has type index " + type + " but the module declares " + types + " function types");
            }
        }
        for (int i = 0; i < wasm.exportSection().exportCount(); i++) {
            Export e = wasm.exportSection().getExport(i);
            ExternalType kind = e.exportType();
            long count = imported[kind.ordinal()];
            if (kind == ExternalType.FUNCTION) {
                count += defined;
            } else if (kind == ExternalType.GLOBAL) {
                count += wasm.globalSection().globalCount();
            } else if (kind == ExternalType.MEMORY) {
                count += wasm.memorySection().map(m -> m.memoryCount()).orElse(0);
            } else if (kind == ExternalType.TABLE) {
                count += wasm.tableSection().tableCount();
            } else {
                continue; // tags: the host never reads them
            }
            if (e.index() < 0 || e.index() >= count) {
                throw new CleanModuleException("export '" + e.name() + "' refers to " + kind(kind) + " " + e.index()
                        + " but the module has " + count + " " + kind(kind) + "(s)");
            }
        }
    }

    /** {@link #load(byte[], ExecutionMode)} in {@link ExecutionMode#COMPILED} mode. */
    public static CleanModule load(byte[] wasm) {
        return load(wasm, ExecutionMode.COMPILED);
    }

    /** Loads a {@code .wasm} file. */
    public static CleanModule load(Path file, ExecutionMode mode) {
        try {
            return load(Files.readAllBytes(file), mode);
        } catch (IOException e) {
            throw new CleanModuleException("cannot read module " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a {@code .wasm} resource from the class path, e.g. {@code "/guests/demo.wasm"}. */
    public static CleanModule loadResource(String resource, ExecutionMode mode) {
        try (InputStream in = CleanModule.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CleanModuleException("no class path resource " + resource);
            }
            return load(in.readAllBytes(), mode);
        } catch (IOException e) {
            throw new CleanModuleException("cannot read resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a module's bytes from {@code in} to its end and loads them as {@link #load(byte[], ExecutionMode)}
     * does; for a class path resource of the application's own class loader:
     * <pre>{@code
     * try (InputStream in = MyApp.class.getResourceAsStream("/app.wasm")) {
     *     CleanModule module = CleanModule.load(in, ExecutionMode.COMPILED);
     * }
     * }</pre>
     *
     * <p>Blocks the calling thread while it reads and compiles. The stream is read to its end but not closed:
     * it belongs to the caller. Safe to call from any thread with distinct streams.
     *
     * @param in the module's bytes; {@code null} (what {@code getResourceAsStream} returns for a resource that
     *     does not exist) is rejected
     * @param mode how instances run the code; {@code null} is rejected
     * @return the loaded module
     * @throws CleanModuleException when {@code in} is {@code null} or cannot be read (the {@link IOException} is
     *     the cause), or for any reason {@link #load(byte[], ExecutionMode)} names
     */
    public static CleanModule load(InputStream in, ExecutionMode mode) {
        if (in == null) {
            throw new CleanModuleException("no module stream (null): getResourceAsStream returns null for a "
                    + "class path resource that does not exist");
        }
        byte[] wasm;
        try {
            wasm = in.readAllBytes();
        } catch (IOException e) {
            throw new CleanModuleException("cannot read module from the stream: " + e.getMessage(), e);
        }
        return load(wasm, mode);
    }

    public ExecutionMode mode() {
        return mode;
    }

    /** Page limits from the declared memory and the {@code clean:memory} section. */
    public MemoryConfig memory() {
        return memory;
    }

    /** Every import, in declaration order. */
    public List<ImportDescriptor> imports() {
        return imports;
    }

    /** Every export, in declaration order. */
    public List<ExportDescriptor> exports() {
        return exports;
    }

    /** {@code start} when exported, else {@code _start}, else {@code null}. */
    public String entryPoint() {
        if (exportsFunction(wasm, HostExports.START)) {
            return HostExports.START;
        }
        return exportsFunction(wasm, HostExports.START_WRAPPER) ? HostExports.START_WRAPPER : null;
    }

    /** Whether the module exports Clean's heap marks {@code scope_push() -> i32} and {@code scope_pop(i32)}. */
    boolean hasHeapScopes() {
        return hasHeapScopes;
    }

    WasmModule wasm() {
        return wasm;
    }

    /** The compiled machine factory, or {@code null} to interpret. */
    Function<Instance, Machine> machineFactory() {
        return machineFactory;
    }

    /** The declared type of an exported function, or {@code null} when there is no such function export. */
    FunctionType exportType(String name) {
        return functionExports.get(name);
    }

    static boolean exportsFunction(WasmModule wasm, String name) {
        return exportType(wasm, name) != null;
    }

    static boolean exportsGlobal(WasmModule wasm, String name) {
        for (int i = 0; i < wasm.exportSection().exportCount(); i++) {
            Export e = wasm.exportSection().getExport(i);
            if (e.name().equals(name) && e.exportType() == ExternalType.GLOBAL) {
                return true;
            }
        }
        return false;
    }

    private static FunctionType exportType(WasmModule wasm, String name) {
        for (int i = 0; i < wasm.exportSection().exportCount(); i++) {
            Export e = wasm.exportSection().getExport(i);
            if (e.name().equals(name) && e.exportType() == ExternalType.FUNCTION) {
                return functionType(wasm, e.index());
            }
        }
        return null;
    }

    /** The type of function {@code funcIndex}; {@link #checkIndices} has checked every index this is asked for. */
    private static FunctionType functionType(WasmModule wasm, int funcIndex) {
        int imported = 0;
        for (int i = 0; i < wasm.importSection().importCount(); i++) {
            Import imp = wasm.importSection().getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                if (imported == funcIndex) {
                    return wasm.typeSection().getType(((FunctionImport) imp).typeIndex());
                }
                imported++;
            }
        }
        int defined = funcIndex - imported;
        if (defined < 0 || defined >= wasm.functionSection().functionCount()) {
            throw new CleanModuleException("function index " + funcIndex + " is past the module's "
                    + (imported + wasm.functionSection().functionCount()) + " functions");
        }
        return wasm.functionSection().getFunctionType(defined, wasm.typeSection());
    }

    private static List<ImportDescriptor> describeImports(WasmModule wasm) {
        List<ImportDescriptor> out = new ArrayList<>();
        for (int i = 0; i < wasm.importSection().importCount(); i++) {
            Import imp = wasm.importSection().getImport(i);
            FunctionType type = imp instanceof FunctionImport ? wasm.typeSection().getType(((FunctionImport) imp).typeIndex()) : null;
            out.add(new ImportDescriptor(imp.module(), imp.name(), kind(imp.importType()), typeNames(type, true), typeNames(type, false)));
        }
        return List.copyOf(out);
    }

    private static List<ExportDescriptor> describeExports(WasmModule wasm) {
        List<ExportDescriptor> out = new ArrayList<>();
        for (int i = 0; i < wasm.exportSection().exportCount(); i++) {
            Export e = wasm.exportSection().getExport(i);
            FunctionType type = e.exportType() == ExternalType.FUNCTION ? functionType(wasm, e.index()) : null;
            out.add(new ExportDescriptor(e.name(), kind(e.exportType()), typeNames(type, true), typeNames(type, false)));
        }
        return List.copyOf(out);
    }

    private static List<String> typeNames(FunctionType type, boolean params) {
        if (type == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (com.dylibso.chicory.wasm.types.ValType t : params ? type.params() : type.returns()) {
            names.add(t.name().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /**
     * Checks a call before any instance is involved: {@code export} is an exported function, {@code args}
     * fit its declared parameters (as {@link CleanInstance#call} would marshal them) and its result decodes
     * as {@code resultType} (primitive classes such as {@code long.class} are accepted and decode boxed).
     *
     * @param export the export's name
     * @param resultType how to decode the result; see {@link CleanInstance#call}
     * @param args the Java arguments, none {@code null}
     * @throws CleanArgumentException naming the export and what does not fit
     */
    public void checkCall(String export, Class<?> resultType, Object... args) {
        Marshal.checkCall(this, export, resultType, args);
    }

    /** The export named {@code name}, if the module has one. */
    public java.util.Optional<ExportDescriptor> export(String name) {
        return java.util.Optional.ofNullable(exportsByName.get(name));
    }

    private static String kind(ExternalType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static MemoryConfig readMemoryConfig(WasmModule wasm) {
        int initial = 0;
        int max = com.dylibso.chicory.runtime.Memory.RUNTIME_MAX_PAGES;
        if (wasm.memorySection().isPresent() && wasm.memorySection().get().memoryCount() > 0) {
            MemoryLimits limits = wasm.memorySection().get().getMemory(0).limits();
            initial = limits.initialPages();
            max = Math.min(max, limits.maximumPages());
        }
        CustomSection section = wasm.customSection("clean:memory");
        if (!(section instanceof UnknownCustomSection)) {
            return new MemoryConfig(initial, max, "unspecified");
        }
        String json = new String(((UnknownCustomSection) section).bytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new CleanModuleException("clean:memory section is not a JSON object: " + json);
            }
            int sectionInitial = node.path("initial_pages").asInt(initial);
            int sectionMax = node.path("max_pages").asInt(max);
            if (sectionInitial < 0 || sectionMax < 0 || sectionInitial > sectionMax) {
                throw new CleanModuleException("clean:memory section has inconsistent page limits: " + json);
            }
            int initialPages = Math.max(initial, sectionInitial);
            int maxPages = Math.max(initialPages, Math.min(max, sectionMax));
            return new MemoryConfig(initialPages, maxPages, node.path("tier").asText("unspecified"));
        } catch (IOException e) {
            throw new CleanModuleException("clean:memory section is not valid JSON: " + json, e);
        }
    }
}
