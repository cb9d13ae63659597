package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input to the portable imports (guests/imports_bad_input.wat): a typed {@link CleanException} naming the
 * import as the module declared it and the bad value; the instance is discarded. Also the overloads by
 * declared type and the growth of a full list.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
class PortableImportsErrorsTest {
    private final ExecutionMode mode;
    private final Guests.Console console = new Guests.Console();
    private CleanInstance guest;

    PortableImportsErrorsTest(ExecutionMode mode) {
        this.mode = mode;
    }

    @BeforeEach
    void instantiate() {
        guest = CleanHost.builder(Guests.module("imports_bad_input", mode)).console(console).input(prompt -> null).build().newInstance();
    }

    private <E extends CleanException> E fails(Class<E> type, String export, String... mentions) {
        return failsWith(type, export, new Object[0], mentions);
    }

    private <E extends CleanException> E failsWith(Class<E> type, String export, Object[] args, String... mentions) {
        E e = assertThrows(type, () -> guest.call(export, long[].class, args));
        for (String mention : mentions) {
            assertTrue(e.getMessage().contains(mention), "message names " + mention + ": " + e.getMessage());
        }
        assertTrue(guest.isBroken(), "a host error breaks the instance");
        return e;
    }

    private static Object[] args(Object... args) {
        return args;
    }

    @Test
    void substringOutsideTheString() {
        CleanAbiException e = failsWith(CleanAbiException.class, "substring", args("hello", 2, 9), "env.string_substring", "[2, 9)", "5 bytes");
        assertEquals("env.string_substring", e.where());
    }

    @Test
    void substringSplittingACharacter() {
        failsWith(CleanMemoryException.class, "substring", args("héllo", 1, 2), "env.string_substring", "splits a character");
    }

    @Test
    void hugeRepeatIsRefusedBeforeAllocating() {
        failsWith(CleanMemoryException.class, "repeat", args("ab", 2_000_000_000), "env.string.repeat", "2000000000", "memory limit");
        assertEquals(0, guest.memoryGrowthBytes());
    }

    @Test
    void negativeRepeatIsEmpty() {
        assertEquals("", guest.call("repeat", String.class, "ab", -3));
    }

    @Test
    void hugeReplaceIsRefusedBeforeAllocating() {
        failsWith(CleanMemoryException.class, "replace", args("a".repeat(10_000), "a", "b".repeat(100)),
                "env.string_replace", "10000 occurrence(s)", "memory limit");
    }

    @Test
    void unknownMatchPattern() {
        CleanAbiException e = failsWith(CleanAbiException.class, "matches", args("x", 8), "env.string_matches", "unknown pattern id 8");
        assertEquals("env.string_matches", e.where());
    }

    @Test
    void badPointerNamesTheAliasTheModuleImported() {
        failsWith(CleanMemoryException.class, "trim", args(200_000), "env.string.trim (env.string_trim)", "200000");
    }

    @Test
    void invalidUtf8InAPairOverload() {
        failsWith(CleanMemoryException.class, "compare_pairs", args(1024, 2, 1032, 2), "env.string_compare", "1024", "not valid UTF-8");
    }

    @Test
    void pairOverloadsBindByDeclaredType() {
        assertEquals(0, guest.call("compare_pairs", Integer.class, 1032, 2, 1032, 2));
        assertEquals(1, guest.call("compare_pairs", Integer.class, 1032, 2, 1032, 1));
        assertEquals(0, guest.call("error_pair", Integer.class, 1032, 2));
        assertEquals(List.of("ok"), console.errors());
    }

    @Test
    void listWhoseLengthExceedsItsCapacity() {
        int list = guest.call("new_list", Integer.class, 5, 3);
        failsWith(CleanAbiException.class, "push", args(list, 1.0), "env.list.push_f64", "length 5 above its capacity 3", Integer.toString(list));
    }

    @Test
    void nullList() {
        failsWith(CleanMemoryException.class, "push", args(0, 1.0), "env.list.push_f64", "null list pointer");
    }

    @Test
    void fullListGrows() {
        long[] raw = guest.call("new_list", long[].class, 0, 0);
        int list = (int) raw[0];
        int grown = guest.call("push", Integer.class, list, 2.5);
        assertNotEquals(list, grown);
        assertEquals(1, guest.call("push", Integer.class, grown, 3.5) == grown ? 1 : 0, "room left: appended in place");
    }

    @Test
    void arenaPopOfAHandleThatIsNotOpen() {
        failsWith(CleanAbiException.class, "arena_pop", args(1), "env._arena_scope_pop", "handle 1", "open scopes: 0");
    }

    @Test
    void arenaHandlesLiveWithinOneCall() {
        assertEquals(1, guest.call("arena_push", Integer.class));
        failsWith(CleanAbiException.class, "arena_pop", args(1), "env._arena_scope_pop", "handle 1");
    }

    @Test
    void malformedLocaleTag() {
        failsWith(CleanAbiException.class, "set_locale", args("en US!"), "env._i18n_set_locale", "en US!");
    }

    @Test
    void malformedNumberOptions() {
        failsWith(CleanAbiException.class, "format_number", args(1.0, "{\"decimals\": 99}"), "env._i18n_format_number", "99");
    }

    @Test
    void numberOptionsThatAreNotAnObject() {
        failsWith(CleanAbiException.class, "format_number", args(1.0, "[1]"), "env._i18n_format_number", "JSON object", "[1]");
    }

    @Test
    void numberOptionsThatAreNotJson() {
        failsWith(CleanAbiException.class, "format_number", args(1.0, "{bad"), "env._i18n_format_number", "not valid JSON", "{bad");
    }

    @Test
    void unknownCurrency() {
        failsWith(CleanAbiException.class, "format_currency", args("XXXX"), "env._i18n_format_currency", "XXXX", "ISO 4217");
    }

    @Test
    void unknownDateStyle() {
        failsWith(CleanAbiException.class, "format_date", args(0.0, "weird"), "env._i18n_format_date", "weird");
    }

    @Test
    void notANumberDate() {
        failsWith(CleanAbiException.class, "format_date", args(Double.NaN, "short"), "env._i18n_format_date", "NaN");
    }

    @Test
    void inputRangeWithMinAboveMax() {
        failsWith(CleanAbiException.class, "input_range", args(5, 1), "env.input_range", "min 5", "max 1");
    }
}
