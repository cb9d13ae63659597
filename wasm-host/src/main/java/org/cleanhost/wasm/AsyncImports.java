package org.cleanhost.wasm;

import org.cleanhost.wasm.async.AsyncHost;
import static org.cleanhost.wasm.ValueKind.I32;
import static org.cleanhost.wasm.ValueKind.INT;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The asynchronous imports, marshalled here and served by an {@link AsyncHost}. cln 0.33 emits the two
 * {@code _async_*} imports; the ID ABI (version {@value AsyncHost#ABI_VERSION}) is the seed's design.
 */
final class AsyncImports {
    static final String PROVIDER = "the reactor-bridge module (org.cleanhost.reactor.CleanRuntime installs an AsyncHost)";
    private static final long[] NONE = new long[0];
    private static final List<ValueKind> NAME_ARGS = List.of(I32, I32, I32, I32);

    private AsyncImports() {}

    /** The names of every async import, to tell "not provided by anyone" from "needs reactor-bridge". */
    static Set<String> names() {
        return specs(null).stream().map(ImportSpec::qualifiedName).collect(Collectors.toUnmodifiableSet());
    }

    static List<ImportSpec> specs(AsyncHost host) {
        return List.of(
                ImportSpec.of("env", "_async_fire", "background task, really run", NAME_ARGS, List.of(), (c, a) -> {
                    host.fire(c, taskName(c, "env._async_fire", a), c.memory().readUtf8("env._async_fire", a[2], a[3]));
                    return NONE;
                }),
                ImportSpec.of("env", "_async_await", "starts a task and waits for its string result", NAME_ARGS, List.of(I32), (c, a) -> {
                    String result = host.await(c, taskName(c, "env._async_await", a), c.memory().readUtf8("env._async_await", a[2], a[3]));
                    return new long[] {c.memory().writeLp("env._async_await", result == null ? "" : result)};
                }),
                ImportSpec.of("env", "async_abi_version", "returns the ID ABI version (1)", List.of(), List.of(I32), (c, a) -> new long[] {AsyncHost.ABI_VERSION}),
                ImportSpec.of("env", "spawn_task", "starts a background task, returns its id", NAME_ARGS, List.of(INT), (c, a) ->
                        new long[] {host.spawnTask(c, taskName(c, "env.spawn_task", a), c.memory().readUtf8("env.spawn_task", a[2], a[3]))}),
                ImportSpec.of("env", "create_future", "starts a task, returns a future id", NAME_ARGS, List.of(INT), (c, a) ->
                        new long[] {host.createFuture(c, taskName(c, "env.create_future", a), c.memory().readUtf8("env.create_future", a[2], a[3]))}),
                ImportSpec.of("env", "future_status", "polls a future without blocking", List.of(INT), List.of(I32), (c, a) ->
                        new long[] {host.futureStatus(c, a[0])}),
                ImportSpec.of("env", "get_result", "awaits a future's string result", List.of(INT), List.of(I32), (c, a) -> {
                    String value = host.getResult(c, a[0]);
                    return new long[] {value == null ? 0 : c.memory().writeLp("env.get_result", value)};
                }),
                ImportSpec.of("env", "future_error", "a failed future's message", List.of(INT), List.of(I32), (c, a) -> {
                    String message = host.futureError(c, a[0]);
                    return new long[] {message == null ? 0 : c.memory().writeLp("env.future_error", message)};
                }),
                ImportSpec.of("env", "cancel_future", "cancels a pending future", List.of(INT), List.of(I32), (c, a) ->
                        new long[] {host.cancelFuture(c, a[0]) ? 1 : 0}),
                ImportSpec.of("env", "future_new", "a future the guest completes itself", List.of(), List.of(INT), (c, a) -> new long[] {host.futureNew(c)}),
                ImportSpec.of("env", "resolve_future", "resolves a guest-owned future", List.of(INT, I32, I32), List.of(I32), (c, a) ->
                        new long[] {host.resolveFuture(c, a[0], c.memory().readUtf8("env.resolve_future", a[1], a[2])) ? 1 : 0}),
                ImportSpec.of("env", "reject_future", "rejects a guest-owned future", List.of(INT, I32, I32), List.of(I32), (c, a) ->
                        new long[] {host.rejectFuture(c, a[0], c.memory().readUtf8("env.reject_future", a[1], a[2])) ? 1 : 0}),
                ImportSpec.of("env", "release_future", "forgets a future id", List.of(INT), List.of(), (c, a) -> {
                    host.releaseFuture(c, a[0]);
                    return NONE;
                }));
    }

    private static String taskName(CleanInstance caller, String where, long[] args) {
        String name = caller.memory().readUtf8(where, args[0], args[1]);
        if (name.isEmpty()) {
            throw new CleanAbiException(where, "empty task name");
        }
        return name;
    }
}
