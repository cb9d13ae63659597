package org.cleanhost.wasm;

import org.cleanhost.wasm.async.AsyncHost;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One instantiated Clean module: its own memory and globals, linked to its {@link CleanHost}.
 *
 * <p><b>Threading.</b> Single-threaded: one thread at a time may call it (re-entrant calls from a host
 * function on the same thread are allowed). A second thread entering while another is inside gets an
 * {@link IllegalStateException}. {@link InstancePool} and the reactor-bridge hand instances out so that
 * this never happens.
 *
 * <p><b>Blocking.</b> Calls run guest code on the calling thread and block it until the export returns;
 * host imports such as {@code _server_sleep} or an {@link AsyncHost} await block it further. Call only
 * from threads that may block.
 *
 * <p><b>Errors.</b> A call that traps, times out, is interrupted or hits a failing host function
 * throws a {@link CleanException} and leaves the instance {@link #isBroken() broken}: it refuses
 * further calls and must be discarded. So does any {@link Error} thrown while guest code runs: an
 * {@link OutOfMemoryError} (e.g. {@code memory.grow} towards a high cap) becomes a
 * {@link CleanMemoryException} and the instance's memory is released at once, a
 * {@link StackOverflowError} a {@link CleanTrapException} ("call stack exhausted"), any other Error a
 * {@link CleanTrapException} with the Error as its cause. No Error reaches the caller. Argument errors
 * found before guest code runs ({@link CleanArgumentException}) leave it usable.
 */
public final class CleanInstance {
    private static final AtomicLong IDS = new AtomicLong();

    private final CleanHost host;
    private final long id = IDS.incrementAndGet();
    /** The engine's instance; {@code null} once released after an OutOfMemoryError (see {@link #releaseEngine}). */
    private Instance instance;
    /** Set when the engine's instance exists: by the first import the start function calls, or after instantiation. */
    private GuestMemory memory;
    private final Map<String, ExportFunction> exports = new HashMap<>();
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private final int initialPages;
    private int depth;
    private int scopeDepth;
    private long calls;
    private String brokenBy;
    private java.util.HashMap<Class<?>, Object> locals;

    CleanInstance(CleanHost host) {
        this.host = host;
        CleanModule module = host.module();
        List<ImportFunction> functions = new ArrayList<>();
        for (Linker.Binding binding : host.bindings()) {
            String name = binding.module() + "." + binding.name();
            ImportSpec.Handler handler = binding.handler();
            functions.add(new HostFunction(binding.module(), binding.name(), binding.declared(),
                    (inst, args) -> serveImport(inst, name, handler, args)));
        }
        Instance.Builder builder = Instance.builder(module.wasm())
                .withImportValues(ImportValues.builder().withFunctions(functions).build())
                .withMemoryFactory(host.memoryFactory())
                .withStart(false);
        if (module.wasm().memorySection().isPresent()) {
            builder.withMemoryLimits(new MemoryLimits(module.memory().initialPages(), host.maxMemoryPages()));
        }
        if (module.machineFactory() != null) {
            builder.withMachineFactory(module.machineFactory());
        } else {
            builder.withUnsafeExecutionListener(new InterruptCheck());
        }
        try {
            this.instance = builder.build();
        } catch (OutOfMemoryError e) {
            throw new CleanMemoryException("module cannot be instantiated: the JVM could not allocate its "
                    + module.memory().initialPages() + " initial memory pages (" + (module.memory().initialPages() / 16)
                    + " MiB) or its tables: " + e.getMessage() + "; lower CleanHost.Builder.maxMemoryPages or raise the heap", e);
        } catch (RuntimeException | Error e) {
            // Anything else while instantiating (a trap in the start function, a bad segment, a failing engine) is the module's.
            throw new CleanModuleException("module cannot be instantiated: " + CleanModule.reason(e), e);
        }
        if (memory == null) {
            memory = new GuestMemory(instance);
        }
        this.initialPages = memory.pages();
    }

    /**
     * Calls {@code export} with the host's default deadline. See {@link #call(Duration, String, Class, Object...)}.
     */
    public <T> T call(String export, Class<T> resultType, Object... args) {
        return call(host.defaultDeadline(), export, resultType, args);
    }

    /**
     * Calls an exported function on the current thread and decodes its result.
     *
     * <p>Arguments map to the declared parameter types: {@link String} becomes a length-prefixed string
     * allocated in the guest (i32 pointer), integral numbers become i32 (range-checked) or i64,
     * {@link Boolean} becomes i32 0/1, numbers become f32/f64. The result is decoded as
     * {@code resultType}: {@code Void} ignores it, {@code String} reads an LP string pointer, {@code
     * Integer}, {@code Long}, {@code Double}, {@code Float} and {@code Boolean} convert the value, and
     * {@code long[].class} returns the raw results. Memory the host allocates for the call is rewound
     * with the module's {@code scope_push}/{@code scope_pop} afterwards.
     *
     * @param deadline stop the guest after this long, or {@code null} for no deadline
     * @throws CleanArgumentException when the export does not exist, the arguments do not fit it or the
     *     result cannot be decoded as {@code resultType}; nothing ran
     * @throws IllegalStateException when the instance is broken or another thread is inside it
     * @throws CleanTimeoutException when the deadline passed
     * @throws CleanTrapException when the guest trapped, exhausted the stack, or an Error was thrown while it ran
     * @throws CleanMemoryException when the guest passed a bad pointer to an import, or the JVM ran out of memory
     * @throws CleanInterruptedException when the thread was interrupted (the flag stays set)
     * @throws CleanException for any other failure of a host import (memory, link, async)
     */
    public <T> T call(Duration deadline, String export, Class<T> resultType, Object... args) {
        FunctionType type = Marshal.checkCall(host.module(), export, resultType, args);
        enter();
        try {
            if (brokenBy != null) {
                throw new IllegalStateException("instance " + id + " is broken (" + brokenBy + ") and must be discarded");
            }
            if (depth == 1) {
                scopeDepth = 0;
                if (locals != null) {
                    locals.remove(MemoryImports.Arena.class); // arena handles live within the call that opened them
                }
            }
            calls++;
            return invoke(deadline, export, type, resultType, args);
        } finally {
            exit();
        }
    }

    private <T> T invoke(Duration deadline, String export, FunctionType type, Class<T> resultType, Object[] args) {
        DeadlineTimer.Armed armed = null;
        long mark = -1;
        boolean guestRunning = false;
        try {
            armed = deadline == null ? null : DeadlineTimer.arm(deadline); // inside: arming deep in a recursion can overflow
            mark = scopePush();
            long[] raw = Marshal.arguments(export, type, args, memory);
            guestRunning = true;
            long[] out = function(export).apply(raw);
            T result = Marshal.result(export, type, out, resultType, memory);
            if (armed != null) {
                armed.disarm(); // it finished: a deadline firing at the very end does not void the result
                armed = null;
            }
            scopePop(mark);
            return result;
        } catch (RuntimeException | Error e) {
            // Errors too: an OutOfMemoryError from memory.grow, a StackOverflowError, or any other Error while guest
            // code runs ends this call typed and breaks this instance; it never reaches the caller raw.
            boolean timedOut = armed != null && armed.disarm();
            armed = null;
            if (!guestRunning && e instanceof CleanArgumentException) {
                scopePop(mark); // an argument was rejected before guest code ran: the instance stays usable
                throw (CleanArgumentException) e;
            }
            throw fail(export, deadline, timedOut, e);
        } finally {
            if (armed != null) {
                armed.disarm();
            }
        }
    }

    private RuntimeException fail(String export, Duration deadline, boolean timedOut, Throwable e) {
        int pages = memory.pages();
        boolean outOfMemory = causedBy(e, OutOfMemoryError.class);
        if (outOfMemory) {
            // Chicory grows memory a page at a time: the pages it got before the JVM ran out are still held by this
            // instance, so the heap is full. Let go of the engine before allocating anything, even the exception.
            releaseEngine();
        }
        boolean interrupted = e instanceof ChicoryInterruptedException || e instanceof CleanInterruptedException;
        RuntimeException failure;
        if (timedOut) {
            // Our deadline fired: whatever surfaced (an interrupt, or a nested task failing because of it) is the timeout.
            failure = new CleanTimeoutException(export, deadline);
            if (!(e instanceof ChicoryInterruptedException || e instanceof CleanTimeoutException)) {
                failure.initCause(e);
            }
        } else if (e instanceof CleanException) {
            failure = (CleanException) e;
        } else if (interrupted) {
            Thread.currentThread().interrupt();
            failure = new CleanInterruptedException(export);
        } else if (e instanceof StackOverflowError) {
            failure = new CleanTrapException(export, "call stack exhausted", e);
        } else if (outOfMemory) {
            failure = new CleanMemoryException("export '" + export + "': the JVM ran out of memory while the guest ran"
                    + " (memory at " + pages + " of at most " + host.maxMemoryPages() + " pages); the instance was released", e);
        } else if (e instanceof Error) {
            failure = new CleanTrapException(export, "the engine failed: " + CleanModule.reason(e), e);
        } else {
            failure = new CleanTrapException(export, String.valueOf(e.getMessage()), e);
        }
        markBroken(failure.getClass().getSimpleName() + " in '" + export + "'");
        return failure;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (int i = 0; e != null && i < 16; e = e.getCause(), i++) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    /** Drops every reference to the engine's instance (and so its memory); the instance is broken from now on. */
    private void releaseEngine() {
        // No allocation before the references are gone: even resolving a string literal needs heap.
        instance = null;
        memory.release();
        exports.clear();
        markBroken("released after the JVM ran out of memory");
    }

    private long[] serveImport(Instance caller, String name, ImportSpec.Handler handler, long[] args) {
        if (memory == null) {
            memory = new GuestMemory(caller); // the module's start function runs inside Instance.Builder.build()
        }
        try {
            return handler.apply(this, args);
        } catch (CleanException | ChicoryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CleanHostFunctionException(name, e);
        }
    }

    /** Whether a failed call left this instance unusable. Such an instance must be discarded. */
    public boolean isBroken() {
        return brokenBy != null;
    }

    /** Calls made through {@link #call} since instantiation, including failed ones. */
    public long callCount() {
        return calls;
    }

    /** Bytes the linear memory has grown since instantiation. */
    public long memoryGrowthBytes() {
        return (long) Math.max(0, memory.pages() - initialPages) * com.dylibso.chicory.runtime.Memory.PAGE_SIZE;
    }

    /** A process-unique number for diagnostics. */
    public long id() {
        return id;
    }

    public CleanHost host() {
        return host;
    }

    @Override
    public String toString() {
        return "CleanInstance#" + id + (brokenBy == null ? "" : " (broken: " + brokenBy + ")");
    }

    GuestMemory memory() {
        return memory;
    }

    /**
     * Per-instance state of host imports (the locale, arena marks), created on first use. Called only on
     * the thread running this instance's guest code, so no synchronisation is needed.
     */
    <T> T local(Class<T> key, java.util.function.Supplier<T> create) {
        if (locals == null) {
            locals = new java.util.HashMap<>();
        }
        return key.cast(locals.computeIfAbsent(key, k -> create.get()));
    }

    /** The Chicory instance underneath; tests compare its memory and globals. */
    Instance chicory() {
        return instance;
    }

    /** Marks the instance unusable; used when a failure outside {@link #call} (e.g. an abandoned wait) taints it. */
    void markBroken(String reason) {
        if (brokenBy == null) {
            brokenBy = reason;
        }
    }

    /** {@code memory_runtime.mem_scope_push}: bookkeeping only, see docs/abi.md. */
    void scopeEnter() {
        scopeDepth++;
    }

    /** {@code memory_runtime.mem_scope_pop}. */
    void scopeExit() {
        if (scopeDepth == 0) {
            throw new CleanMemoryException("memory_runtime.mem_scope_pop: no matching mem_scope_push");
        }
        scopeDepth--;
    }

    /** {@code memory_runtime.mem_alloc}: allocates through the guest's malloc; {@code size} is the guest's i32, unsigned. */
    long malloc(String where, long size) {
        return memory.allocate(where, size);
    }

    private void enter() {
        Thread current = Thread.currentThread();
        if (owner.get() == current) {
            depth++;
            return;
        }
        if (!owner.compareAndSet(null, current)) {
            throw new IllegalStateException("instance " + id + " is in use by thread " + owner.get().getName()
                    + "; a CleanInstance is single-threaded (called from " + current.getName() + ")");
        }
        depth = 1;
    }

    private void exit() {
        if (--depth == 0) {
            owner.set(null);
        }
    }

    private ExportFunction function(String export) {
        return exports.computeIfAbsent(export, instance::export);
    }

    private long scopePush() {
        if (!host.module().hasHeapScopes()) {
            return -1;
        }
        return function(HostExports.SCOPE_PUSH).apply()[0];
    }

    private void scopePop(long mark) {
        if (mark >= 0) {
            function(HostExports.SCOPE_POP).apply(mark);
        }
    }

    /**
     * Interpreter only: Chicory 1.7.5's interpreter does not check the interrupt flag on {@code br_if}
     * back edges, so deadlines would never stop a typical loop. Checking every 1024 instructions costs
     * little next to interpretation itself.
     */
    private static final class InterruptCheck implements com.dylibso.chicory.runtime.ExecutionListener {
        private int counter;

        @Override
        public void onExecution(com.dylibso.chicory.wasm.types.Instruction instruction, com.dylibso.chicory.runtime.MStack stack) {
            if ((++counter & 1023) == 0 && Thread.currentThread().isInterrupted()) {
                throw new ChicoryInterruptedException("thread interrupted");
            }
        }
    }
}
