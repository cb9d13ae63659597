package org.cleanhost.wasm;

import org.cleanhost.wasm.async.AsyncHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code inspect} reports for the conformance guests: every import provided, without an AsyncHost or HTTP access. */
class PortableImportsLinkTest {

    @ParameterizedTest
    @ValueSource(strings = {"json", "crypto", "jwt", "http"})
    void everyImportOfTheConformanceGuestsIsProvided(String guest) {
        List<ImportStatus> statuses = CleanHost.checkImports(Guests.module(guest, ExecutionMode.INTERPRETED), false);
        List<ImportStatus> missing = statuses.stream().filter(s -> !s.isProvided()).collect(Collectors.toList());
        assertTrue(missing.isEmpty(), guest + ": " + missing);
        assertTrue(statuses.size() >= 4, guest + " imports " + statuses.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "crypto", "jwt", "http"})
    void theyLinkOnADefaultHost(String guest) {
        CleanModule module = Guests.module(guest, ExecutionMode.INTERPRETED);
        CleanHost host = CleanHost.builder(module).build(); // no lenient imports: a missing one would throw
        assertEquals(module.imports().size(), host.bindings().size());
    }
}
