package org.cleanhost.reactor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.ExecutionMode;

/**
 * The WAT guests in src/test/resources/guests (built by scripts/build-guests.sh), each loaded once per
 * {@link ExecutionMode} and shared by every test: a {@link CleanModule} is immutable and compiling it is
 * the slow part. See the header comment of each .wat for the Clean program it lowers.
 */
final class Guests {
    /** cln 0.33 lowering: {@code later} = {@code env._async_await}, {@code background} = {@code env._async_fire}. */
    static final String CLN033 = "later_cln033";
    /** The ID ABI v1: create_future / get_result / spawn_task / future_new / resolve_future ... */
    static final String IDS = "ids";
    /** A mutable global and tasks that read it (TaskIsolation). */
    static final String SHARED_STATE = "shared_state";
    /** Issue 12's realistic program: later tasks that fetch JSON over HTTP, math, string_compare, a background audit. */
    static final String DASHBOARD = "dashboard";
    /** Imports env.send_email, which no host provides. */
    static final String LINK_ERROR = "link_error";

    private static final Map<String, CleanModule> MODULES = new ConcurrentHashMap<>();

    private Guests() {}

    static CleanModule module(String name, ExecutionMode mode) {
        return MODULES.computeIfAbsent(name + "/" + mode, k -> CleanModule.loadResource("/guests/" + name + ".wasm", mode));
    }

    static CleanModule module(String name) {
        return module(name, ExecutionMode.COMPILED);
    }
}
