package org.cleanhost.wasm.async;

import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanInstance;

/**
 * The asynchronous half of the Clean ABI: the {@code _async_*} imports the cln 0.33 compiler emits and
 * the ID-based future ABI (see docs/abi.md). The wasm-host module only marshals: it reads names,
 * arguments and strings out of guest memory, calls this interface with Java values, and writes the
 * answers back. {@code org.cleanhost.reactor.CleanRuntime} in reactor-bridge is the implementation;
 * without one installed, a module importing any of these fails to link.
 *
 * <p>Every method is called on the thread running the guest ({@code caller}), which is a thread that
 * may block. Methods that wait ({@link #await}, {@link #getResult}) must never deadlock that thread:
 * when the work they wait for cannot make progress they throw a {@link CleanException}. A
 * {@link CleanException} thrown here propagates out of the guest call and discards the instance.
 *
 * <p>Future ids are positive and fit in 31 bits, so guests may declare them i32 or i64.
 */
public interface AsyncHost {

    /** {@link #futureStatus} result: not settled yet. */
    int PENDING = 0;
    /** {@link #futureStatus} result: settled with a value. */
    int RESOLVED = 1;
    /** {@link #futureStatus} result: settled with an error. */
    int FAILED = 2;
    /** {@link #futureStatus} result: cancelled before it settled. */
    int CANCELLED = 3;
    /** {@link #futureStatus} result: the id is not known (never issued, or released). */
    int UNKNOWN = -1;

    /** The ID ABI version this interface implements; the guest reads it through {@code async_abi_version}. */
    int ABI_VERSION = 1;

    /** {@code background task(args)}: start the task and return at once. */
    void fire(CleanInstance caller, String task, String argsJson);

    /** {@code later x = start task(args)} as cln 0.33 lowers it: run the task and return its result. */
    String await(CleanInstance caller, String task, String argsJson);

    /** ID ABI: start a fire-and-forget task; returns its id at once. */
    long spawnTask(CleanInstance caller, String task, String argsJson);

    /** ID ABI: start a task whose result the guest will want; returns a future id at once. */
    long createFuture(CleanInstance caller, String task, String argsJson);

    /** ID ABI: poll without blocking; one of the status constants above. */
    int futureStatus(CleanInstance caller, long futureId);

    /**
     * ID ABI: wait until the future settles. Returns its value, or {@code null} when it failed or
     * was cancelled (the guest then reads {@link #futureError}).
     */
    String getResult(CleanInstance caller, long futureId);

    /** ID ABI: the failure message of a failed or cancelled future, or {@code null} when there is none. */
    String futureError(CleanInstance caller, long futureId);

    /** ID ABI: request cancellation; {@code true} when the future was pending and is now cancelled. */
    boolean cancelFuture(CleanInstance caller, long futureId);

    /** ID ABI: a future the guest itself will resolve or reject. */
    long futureNew(CleanInstance caller);

    /** ID ABI: settle a guest-owned future with a value; {@code true} if it was pending. */
    boolean resolveFuture(CleanInstance caller, long futureId, String value);

    /** ID ABI: settle a guest-owned future with an error; {@code true} if it was pending. */
    boolean rejectFuture(CleanInstance caller, long futureId, String message);

    /** ID ABI: the guest is done with the id. */
    void releaseFuture(CleanInstance caller, long futureId);
}
