package org.cleanhost.wasm;

import org.cleanhost.wasm.async.AsyncHost;
/**
 * Whether this host can satisfy one import of a module, and how. See {@link CleanHost#checkImports}.
 *
 * @param declared the import as the module declares it
 * @param resolution the verdict
 * @param offered the type the host offers under that name ({@code int} = i32 or i64), or {@code null}
 * @param description what the host does for it, or why it cannot bind it
 */
public record ImportStatus(ImportDescriptor declared, Resolution resolution, String offered, String description) {

    /** The verdict on one import. */
    public enum Resolution {
        /** Bound; {@code description} says what the host does. */
        PROVIDED,
        /** An async import: provided once an {@link AsyncHost} is installed (reactor-bridge does). */
        NEEDS_ASYNC_HOST,
        /** The host has a function of that name but the declared type differs. */
        TYPE_MISMATCH,
        /** The host has nothing of that name. */
        UNKNOWN,
        /** Not a function import (memory, table, global, tag): the module must define its own. */
        UNSUPPORTED_KIND
    }

    public boolean isProvided() {
        return resolution == Resolution.PROVIDED;
    }
}
