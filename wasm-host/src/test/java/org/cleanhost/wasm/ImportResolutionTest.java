package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How {@link Linker} resolves import names: exact, explicit alias, auto-alias, overloads by declared type. */
class ImportResolutionTest {
    private final CleanModule module = Guests.module("aliases", ExecutionMode.INTERPRETED);

    private Map<String, ImportStatus> statuses(boolean withAsyncHost) {
        return CleanHost.checkImports(module, withAsyncHost).stream()
                .collect(Collectors.toMap(s -> s.declared().name(), s -> s));
    }

    @Test
    void aliasesResolveToTheirPrimary() {
        Map<String, ImportStatus> s = statuses(false);
        assertEquals(ImportStatus.Resolution.PROVIDED, s.get("i18n.set_locale").resolution());
        assertTrue(s.get("i18n.set_locale").description().endsWith("(alias of env._i18n_set_locale)"), s.get("i18n.set_locale").description());
        assertEquals(ImportStatus.Resolution.PROVIDED, s.get("arena.scope_push").resolution());
        assertTrue(s.get("arena.scope_push").description().endsWith("(alias of env._arena_scope_push)"));
        assertEquals("(i32, i32, int, i32, i32) -> i32", s.get("tc").offered(), "int binds the i32 the module declared");
    }

    @Test
    void theOverloadAcceptingTheDeclaredTypeIsBound() {
        ImportStatus concat = statuses(false).get("string.concat");
        assertEquals(ImportStatus.Resolution.PROVIDED, concat.resolution());
        assertEquals("(i32, i32, i32, i32) -> i32", concat.offered());
    }

    @Test
    void aMismatchListsEveryOverload() {
        ImportStatus compare = statuses(false).get("string_compare");
        assertEquals(ImportStatus.Resolution.TYPE_MISMATCH, compare.resolution());
        assertEquals("(i32, i32) -> i32 or (i32, i32, i32, i32) -> i32", compare.offered());
    }

    @Test
    void anAutoAliasWithoutPrimaryIsUnknown() {
        ImportStatus unknown = statuses(false).get("json.frobnicate");
        assertEquals(ImportStatus.Resolution.UNKNOWN, unknown.resolution());
        assertNull(unknown.offered());
    }

    @Test
    void anAliasOfAnAsyncImportNeedsTheAsyncHost() {
        assertEquals(ImportStatus.Resolution.NEEDS_ASYNC_HOST, statuses(false).get("async.fire").resolution());
        assertEquals(ImportStatus.Resolution.PROVIDED, statuses(true).get("async.fire").resolution());
    }

    @Test
    void linkingReportsEveryUnboundImportAtOnce() {
        CleanLinkException e = assertThrows(CleanLinkException.class, () -> CleanHost.builder(module).build());
        List<String> names = e.problems().stream().map(p -> p.name()).sorted().collect(Collectors.toList());
        assertEquals(List.of("async.fire", "json.frobnicate", "string_compare"), names);
    }

    @Test
    void autoAliasRule() {
        assertEquals("time.now", ImportAliases.autoAlias("_time_now"));
        assertEquals("i18n.t_count", ImportAliases.autoAlias("_i18n_t_count"));
        assertNull(ImportAliases.autoAlias("string_compare"));
        assertNull(ImportAliases.autoAlias("list.push_f64"));
    }
}
