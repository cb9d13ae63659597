package org.cleanhost.wasm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link CleanModule} linked to a host environment: console, input, the optional {@link AsyncHost},
 * memory cap and default deadline. Linking happens once, in {@link Builder#build()}; afterwards
 * {@link #newInstance()} only instantiates.
 *
 * <p>Thread-safe: any thread may create instances. Each {@link CleanInstance} is single-threaded.
 *
 * <p><b>Instance memory.</b> An instance's linear memory shares its pages, read-only, until it writes
 * them: untouched pages share one page of zeros, and the pages the module's data segments fill share this
 * host's image of them, taken from the first instance before any guest code ran. A page is copied on its
 * first write. A real Clean module declares 32 initial pages, so this is what makes {@link #newInstance()}
 * cost tens of microseconds rather than the 2 MiB allocation of Chicory's {@code ByteArrayMemory}.
 * Guest-visible behaviour is the same (the wasm-host tests compare every byte, global, output and result
 * with {@code ByteArrayMemory} instances). The system property {@value #EAGER_MEMORY_PROPERTY}{@code =true},
 * read when a host is built, gives every instance of that host a {@code ByteArrayMemory} instead: a switch
 * for diagnosis and for benchmarking against the old cost.
 *
 * <pre>{@code
 * CleanHost host = CleanHost.builder(CleanModule.load(Path.of("hello.wasm"), ExecutionMode.COMPILED)).build();
 * host.newInstance().call("start", Void.class);
 * }</pre>
 */
public final class CleanHost {
    /** System property: {@code true} gives instances Chicory's eagerly allocated {@code ByteArrayMemory}. */
    public static final String EAGER_MEMORY_PROPERTY = "org.cleanhost.wasm.eagerMemory";

    private final CleanModule module;
    private final List<Linker.Binding> bindings;
    private final GuestConsole console;
    private final AsyncHost asyncHost;
    private final Duration defaultDeadline;
    private final int maxMemoryPages;
    private final Function<MemoryLimits, Memory> memoryFactory;

    private CleanHost(Builder b) {
        this.module = b.module;
        this.console = b.console;
        this.asyncHost = b.asyncHost;
        this.defaultDeadline = b.defaultDeadline;
        this.memoryFactory = b.memoryFactory != null ? b.memoryFactory
                : Boolean.getBoolean(EAGER_MEMORY_PROPERTY) ? ByteArrayMemory::new : CopyOnWriteMemory.factory();
        MemoryConfig memory = module.memory();
        if (memory.initialPages() > b.maxMemoryPages) {
            throw new CleanModuleException("module declares " + memory.initialPages()
                    + " initial memory pages, above the configured cap of " + b.maxMemoryPages);
        }
        this.maxMemoryPages = Math.min(memory.maxPages(), b.maxMemoryPages);
        List<ImportSpec> provided = new ArrayList<>(CoreImports.specs(console, b.input));
        if (asyncHost != null) {
            provided.addAll(AsyncImports.specs(asyncHost));
        }
        this.bindings = Linker.link(module, provided, asyncHost != null, b.lenientImports);
    }

    /** Starts configuring a host for {@code module}. */
    public static Builder builder(CleanModule module) {
        return new Builder(module);
    }

    /**
     * Says, for every import of {@code module}, whether a host built with the core imports (and, when
     * {@code withAsyncHost}, the async imports) can bind it and what it does for it. Never throws for
     * unbindable imports: this is the diagnostic view behind {@link CleanLinkException}.
     */
    public static List<ImportStatus> checkImports(CleanModule module, boolean withAsyncHost) {
        List<ImportSpec> provided = new ArrayList<>(CoreImports.specs(text -> {}, GuestInput.none()));
        if (withAsyncHost) {
            provided.addAll(AsyncImports.specs(null));
        }
        return Linker.check(module, provided, withAsyncHost);
    }

    /**
     * Instantiates the module: fresh memory and globals, data segments applied, no entry point run.
     * Blocks for the instantiation (tens to hundreds of microseconds for real Clean output: see the class
     * comment on instance memory).
     *
     * @throws CleanModuleException when instantiation fails (e.g. a data segment out of bounds)
     */
    public CleanInstance newInstance() {
        return new CleanInstance(this);
    }

    public CleanModule module() {
        return module;
    }

    /** The deadline applied to calls that do not pass their own, or {@code null} for none. */
    public Duration defaultDeadline() {
        return defaultDeadline;
    }

    /** The page limit every instance's memory is created with. */
    public int maxMemoryPages() {
        return maxMemoryPages;
    }

    /** How instances create their linear memory. */
    Function<MemoryLimits, Memory> memoryFactory() {
        return memoryFactory;
    }

    List<Linker.Binding> bindings() {
        return bindings;
    }

    GuestConsole console() {
        return console;
    }

    AsyncHost asyncHost() {
        return asyncHost;
    }

    /** Configures a {@link CleanHost}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private final CleanModule module;
        private GuestConsole console = GuestConsole.stdout();
        private GuestInput input = GuestInput.none();
        private AsyncHost asyncHost;
        private boolean lenientImports;
        private Duration defaultDeadline;
        private int maxMemoryPages = com.dylibso.chicory.runtime.Memory.RUNTIME_MAX_PAGES;
        private Function<MemoryLimits, Memory> memoryFactory;

        private Builder(CleanModule module) {
            this.module = Objects.requireNonNull(module, "module");
        }

        /** Where guest output goes. Default: standard output. */
        public Builder console(GuestConsole console) {
            this.console = Objects.requireNonNull(console, "console");
            return this;
        }

        /**
         * What answers {@code env.input}. Default: {@link GuestInput#none()}, so a guest reads standard
         * input only when the application enables it ({@code GuestInput.stdin(console)}).
         */
        public Builder input(GuestInput input) {
            this.input = Objects.requireNonNull(input, "input");
            return this;
        }

        /** Serves the async imports. Without one, modules importing them fail to link. */
        public Builder asyncHost(AsyncHost asyncHost) {
            this.asyncHost = Objects.requireNonNull(asyncHost, "asyncHost");
            return this;
        }

        /**
         * When {@code true}, imports the host cannot satisfy are bound to functions that throw
         * {@link CleanLinkException} when the guest calls them, instead of failing the link.
         * Default {@code false}.
         */
        public Builder lenientImports(boolean lenient) {
            this.lenientImports = lenient;
            return this;
        }

        /** A deadline for every call that does not pass its own. Default: none. */
        public Builder defaultDeadline(Duration deadline) {
            if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
            this.defaultDeadline = deadline;
            return this;
        }

        /**
         * Caps each instance's memory at {@code pages} (64 KiB each), below what the module allows.
         * A module whose initial memory exceeds the cap is rejected. Default: the module's own maximum.
         */
        public Builder maxMemoryPages(int pages) {
            if (pages < 1) {
                throw new IllegalArgumentException("maxMemoryPages must be at least 1: " + pages);
            }
            this.maxMemoryPages = pages;
            return this;
        }

        /** Tests: overrides how instances create their memory ({@code null}: the default). */
        Builder memoryFactory(Function<MemoryLimits, Memory> factory) {
            this.memoryFactory = factory;
            return this;
        }

        /**
         * Links the module against the configured imports.
         *
         * @throws CleanLinkException listing every import that cannot be bound
         * @throws CleanModuleException when the module's memory exceeds {@link #maxMemoryPages}
         */
        public CleanHost build() {
            return new CleanHost(this);
        }
    }
}
