package org.cleanhost.wasm;

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
 * further calls and must be discarded. Argument errors found before guest code runs
 * ({@link IllegalArgumentException}) leave it usable.
 */
public final class CleanInstance {
    private static final AtomicLong IDS = new AtomicLong();

    private final CleanHost host;
    private final long id = IDS.incrementAndGet();
    private final Instance instance;
    private final GuestMemory memory;
    private final Map<String, ExportFunction> exports = new HashMap<>();
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private final int initialPages;
    private int depth;
    private int scopeDepth;
    private long calls;
    private String brokenBy;

    CleanInstance(CleanHost host) {
        this.host = host;
        CleanModule module = host.module();
        List<ImportFunction> functions = new ArrayList<>();
        for (Linker.Binding binding : host.bindings()) {
            String name = binding.module() + "." + binding.name();
            ImportSpec.Handler handler = binding.handler();
            functions.add(new HostFunction(binding.module(), binding.name(), binding.declared(),
                    (inst, args) -> serveImport(name, handler, args)));
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
        } catch (ChicoryException | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            throw new CleanModuleException("module cannot be instantiated: " + e.getMessage(), e);
        }
        this.memory = new GuestMemory(instance);
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
     * @throws IllegalArgumentException when the export does not exist or the arguments do not fit it
     * @throws IllegalStateException when the instance is broken or another thread is inside it
     * @throws CleanTimeoutException when the deadline passed
     * @throws CleanTrapException when the guest trapped
     * @throws CleanInterruptedException when the thread was interrupted (the flag stays set)
     * @throws CleanException for any other failure of a host import (memory, link, async)
     */
    public <T> T call(Duration deadline, String export, Class<T> resultType, Object... args) {
        FunctionType type = host.module().exportType(export);
        if (type == null) {
            throw new IllegalArgumentException("module exports no function '" + export + "'");
        }
        if (args.length != type.params().size()) {
            throw new IllegalArgumentException("export '" + export + "' " + ImportSpec.signature(type) + " takes "
                    + type.params().size() + " argument(s), got " + args.length);
        }
        Marshal.checkResultType(export, type, resultType);
        enter();
        try {
            if (brokenBy != null) {
                throw new IllegalStateException("instance " + id + " is broken (" + brokenBy + ") and must be discarded");
            }
            if (depth == 1) {
                scopeDepth = 0;
            }
            calls++;
            return invoke(deadline, export, type, resultType, args);
        } finally {
            exit();
        }
    }

    private <T> T invoke(Duration deadline, String export, FunctionType type, Class<T> resultType, Object[] args) {
        DeadlineTimer.Armed armed = deadline == null ? null : DeadlineTimer.arm(deadline);
        long mark = -1;
        boolean guestRunning = false;
        try {
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
        } catch (RuntimeException | StackOverflowError e) {
            boolean timedOut = armed != null && armed.disarm();
            armed = null;
            if (!guestRunning && e instanceof IllegalArgumentException) {
                scopePop(mark); // an argument was rejected before guest code ran: the instance stays usable
                throw (IllegalArgumentException) e;
            }
            throw fail(export, deadline, timedOut, e);
        } finally {
            if (armed != null) {
                armed.disarm();
            }
        }
    }

    private RuntimeException fail(String export, Duration deadline, boolean timedOut, Throwable e) {
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
        } else {
            failure = new CleanTrapException(export, String.valueOf(e.getMessage()), e);
        }
        markBroken(failure.getClass().getSimpleName() + " in '" + export + "'");
        return failure;
    }

    private long[] serveImport(String name, ImportSpec.Handler handler, long[] args) {
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
        return (long) (memory.pages() - initialPages) * com.dylibso.chicory.runtime.Memory.PAGE_SIZE;
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

    /** {@code memory_runtime.mem_alloc}: allocates through the guest's malloc. */
    long malloc(String where, long size) {
        if (size < 0) {
            throw new CleanMemoryException(where + ": negative size " + size);
        }
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
