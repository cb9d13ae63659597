package org.cleanhost.wasm;

import org.cleanhost.wasm.async.AsyncHost;
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
 * {@link HttpAccess}, memory cap and default deadline. Linking happens once, in {@link Builder#build()}; afterwards
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
    /**
     * The default {@link Builder#maxMemoryPages}: 4096 pages of 64 KiB, 256 MiB per instance, eight times
     * the largest memory Clean's compiler asks for today.
     */
    public static final int DEFAULT_MAX_MEMORY_PAGES = 4096;
    /** The highest {@link Builder#maxMemoryPages}: 32767 pages, just under 2 GiB, the most a Java array holds. */
    public static final int MAX_MEMORY_PAGES = com.dylibso.chicory.runtime.Memory.RUNTIME_MAX_PAGES;
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
        HostExports.check(module);
        List<ImportSpec> provided = syncSpecs(console, b.input, b.httpAccess);
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
     * Says, for every import of {@code module}, whether a host built with the synchronous imports (and, when
     * {@code withAsyncHost}, the async imports) can bind it and what it does for it; an import under a
     * registry alias is described with the import that serves it. Never throws for
     * unbindable imports: this is the diagnostic view behind {@link CleanLinkException}.
     */
    public static List<ImportStatus> checkImports(CleanModule module, boolean withAsyncHost) {
        List<ImportSpec> provided = syncSpecs(text -> {}, GuestInput.none());
        if (withAsyncHost) {
            provided.addAll(AsyncImports.specs(null));
        }
        return Linker.check(module, provided, withAsyncHost);
    }

    /**
     * Every synchronous import this host provides, category by category (one line each; docs/abi.md has one
     * section per category and AbiDocumentTest compares them all). Overloads share a name; aliases are
     * resolved by {@link Linker}, not listed here.
     */
    static List<ImportSpec> syncSpecs(GuestConsole console, GuestInput input) {
        return syncSpecs(console, input, HttpAccess.none());
    }

    static List<ImportSpec> syncSpecs(GuestConsole console, GuestInput input, HttpAccess httpAccess) {
        List<ImportSpec> specs = new ArrayList<>(CoreImports.specs(console, input));
        specs.addAll(ConsoleImports.specs(console, input));
        specs.addAll(StringImports.specs());
        specs.addAll(MathImports.specs());
        specs.addAll(ListImports.specs());
        specs.addAll(TimeImports.specs());
        specs.addAll(MemoryImports.specs());
        specs.addAll(LocaleImports.specs());
        specs.addAll(JsonImports.specs());
        specs.addAll(CryptoImports.specs());
        specs.addAll(JwtImports.specs());
        specs.addAll(HttpImports.specs(httpAccess));
        return specs;
    }

    /**
     * Instantiates the module: fresh memory and globals, data segments applied, no entry point run.
     * Blocks for the instantiation (tens to hundreds of microseconds for real Clean output: see the class
     * comment on instance memory). Never throws anything but the two exceptions below, whatever the module:
     * any other failure while instantiating, including an {@link Error}, becomes a
     * {@code CleanModuleException} with the failure as its cause.
     *
     * @return a new instance, owned by the caller
     * @throws CleanModuleException when instantiation fails (e.g. a data segment out of bounds, a start
     *     function that traps)
     * @throws CleanMemoryException when the JVM cannot allocate the instance's initial linear memory
     *     ({@link OutOfMemoryError}, cause attached). The condition may pass: nothing is left behind, and
     *     a lower {@link Builder#maxMemoryPages} or a larger heap avoids it
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
        private HttpAccess httpAccess = HttpAccess.none();
        private boolean lenientImports;
        private Duration defaultDeadline;
        private int maxMemoryPages = DEFAULT_MAX_MEMORY_PAGES;
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
         * Which hosts the guest may reach through the HTTP client imports ({@code env.http_get} and the rest).
         * Default: {@link HttpAccess#none()}, so every request fails with a {@link CleanCapabilityException}
         * naming the host; modules importing them still link. Requests run on the JDK's {@code HttpClient}
         * without holding a thread while in flight; the guest's thread waits, and a deadline or cancellation
         * of the call aborts the request.
         *
         * @param access the allow-list, e.g. {@code HttpAccess.allowHosts("api.example.com")}
         * @return this builder
         */
        public Builder httpAccess(HttpAccess access) {
            this.httpAccess = Objects.requireNonNull(access, "access");
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
         * A module whose initial memory exceeds the cap is rejected by {@link #build()} with
         * {@link CleanModuleException}; growth beyond it makes {@code memory.grow} return -1 inside the guest.
         *
         * <p>Default: {@value CleanHost#DEFAULT_MAX_MEMORY_PAGES} pages (256 MiB), or the module's own
         * maximum when that is lower. Every page an instance uses is Java heap (a {@code byte[]}, copied
         * when it grows), so the cap bounds what one runaway or hostile guest can take from the JVM; a
         * pool of eight instances at the cap needs 2 GiB. Clean's compiler asks for 512 pages at most
         * today ({@code clean:memory}, tier standard). The highest accepted value is
         * {@value CleanHost#MAX_MEMORY_PAGES}, the largest memory a Java array can hold.
         *
         * @param pages the cap, 1 to {@value CleanHost#MAX_MEMORY_PAGES}
         * @return this builder
         * @throws IllegalArgumentException when {@code pages} is outside that range
         */
        public Builder maxMemoryPages(int pages) {
            if (pages < 1 || pages > MAX_MEMORY_PAGES) {
                throw new IllegalArgumentException("maxMemoryPages must be between 1 and " + MAX_MEMORY_PAGES + ": " + pages);
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
         * Links the module against the configured imports and checks the exports the host uses.
         *
         * @return the linked host
         * @throws CleanLinkException listing every import that cannot be bound
         * @throws CleanModuleException when the module's initial memory exceeds {@link #maxMemoryPages}, or
         *     it exports {@code memory}, {@code malloc} or {@code __heap_ptr} with another type than
         *     docs/abi.md gives them (the message names each, with the declared and the expected type)
         */
        public CleanHost build() {
            try {
                return new CleanHost(this);
            } catch (CleanException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                // Not expected for any module (the fuzzer has found none); kept so that no module can make build() throw raw.
                throw new CleanModuleException("module cannot be linked: " + CleanModule.reason(e), e);
            }
        }
    }
}
