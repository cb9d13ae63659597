package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Link errors are reported all at once, precisely, and lenient linking fails loudly at call time. */
class LinkDiagnosticsTest {

    @Test
    void everyProblemIsListedInOneException() {
        CleanModule module = Guests.module("link_errors", ExecutionMode.COMPILED);
        CleanLinkException e = assertThrows(CleanLinkException.class, () -> CleanHost.builder(module).build());

        List<CleanLinkException.Problem> problems = e.problems();
        assertEquals(List.of("env.frobnicate", "acme.mystery", "env.printl"),
                problems.stream().map(p -> p.module() + "." + p.name()).collect(Collectors.toList()),
                "all three, in module order, and not the import that does link (env.print_integer)");

        CleanLinkException.Problem unknown = problems.get(0);
        assertEquals("(i32) -> i32", unknown.declared());
        assertNull(unknown.offered());
        CleanLinkException.Problem mystery = problems.get(1);
        assertEquals("() -> ()", mystery.declared());
        assertNull(mystery.offered());
        CleanLinkException.Problem printl = problems.get(2);
        assertEquals("(f64) -> ()", printl.declared());
        assertEquals("(i32, i32) -> ()", printl.offered());

        String message = e.getMessage();
        for (String part : List.of("3 import(s)", "env.frobnicate", "acme.mystery", "env.printl", "(f64) -> ()", "(i32, i32) -> ()")) {
            assertTrue(message.contains(part), "message mentions " + part + ": " + message);
        }
    }

    @Test
    void asyncImportWithoutAnAsyncHostNamesReactorBridge() {
        CleanModule module = Guests.module("async_await", ExecutionMode.COMPILED);
        CleanLinkException e = assertThrows(CleanLinkException.class, () -> CleanHost.builder(module).build());
        assertEquals(1, e.problems().size(), e.getMessage());
        CleanLinkException.Problem problem = e.problems().get(0);
        assertEquals("env", problem.module());
        assertEquals("_async_await", problem.name());
        assertEquals("(i32, i32, i32, i32) -> i32", problem.declared());
        assertTrue(problem.reason().contains("reactor-bridge"), problem.reason());
        assertTrue(e.getMessage().contains("reactor-bridge"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void lenientLinkingFailsWhenTheGuestReachesAnUnresolvedImport(ExecutionMode mode) {
        Guests.Console console = new Guests.Console();
        CleanHost host = CleanHost.builder(Guests.module("link_errors", mode)).console(console).lenientImports(true).build();

        CleanInstance instance = host.newInstance();
        assertEquals(42, instance.call("safe", Integer.class), "exports that touch no unresolved import work");
        assertEquals("42", console.out());

        CleanLinkException e = assertThrows(CleanLinkException.class, () -> instance.call("call_unknown", Integer.class));
        assertEquals(1, e.problems().size());
        assertEquals("frobnicate", e.problems().get(0).name());
        assertTrue(e.getMessage().contains("env.frobnicate"), e.getMessage());
        assertTrue(instance.isBroken());

        CleanInstance second = host.newInstance();
        CleanLinkException wrongType = assertThrows(CleanLinkException.class, () -> second.call("call_bad_printl", Void.class));
        assertTrue(wrongType.getMessage().contains("env.printl"), wrongType.getMessage());
        assertEquals("(i32, i32) -> ()", wrongType.problems().get(0).offered());

        CleanInstance third = host.newInstance();
        CleanLinkException mystery = assertThrows(CleanLinkException.class, () -> third.call("call_mystery", Void.class));
        assertTrue(mystery.getMessage().contains("acme.mystery"), mystery.getMessage());

        assertEquals(42, host.newInstance().call("safe", Integer.class));
        assertEquals("4242", console.out(), "an unresolved import never runs as a silent no-op");
    }

    @Test
    void memoryImportIsReportedEvenWhenLenient() {
        CleanModule module = Guests.module("import_memory", ExecutionMode.COMPILED);
        for (boolean lenient : new boolean[] {false, true}) {
            CleanLinkException e = assertThrows(CleanLinkException.class,
                    () -> CleanHost.builder(module).lenientImports(lenient).build(), "lenient=" + lenient);
            assertEquals(1, e.problems().size(), e.getMessage());
            CleanLinkException.Problem problem = e.problems().get(0);
            assertEquals("env", problem.module());
            assertEquals("memory", problem.name());
            assertEquals("memory", problem.declared());
            assertNotNull(problem.reason());
            assertTrue(e.getMessage().contains("env.memory"), e.getMessage());
        }
    }

    @Test
    void importsAndExportsAreDescribed() {
        CleanModule module = Guests.module("link_errors", ExecutionMode.INTERPRETED);
        assertEquals(List.of(
                        "function env.frobnicate (i32) -> i32",
                        "function acme.mystery () -> ()",
                        "function env.printl (f64) -> ()",
                        "function env.print_integer (i64) -> ()"),
                module.imports().stream().map(i -> i.kind() + " " + i.qualifiedName() + " " + i.signature())
                        .collect(Collectors.toList()));
        List<String> exports = module.exports().stream().map(e -> e.kind() + " " + e.name() + " " + e.signature())
                .collect(Collectors.toList());
        assertTrue(exports.contains("function malloc (i32) -> i32"), exports.toString());
        assertTrue(exports.contains("global __heap_ptr "), exports.toString());
        assertTrue(exports.contains("memory memory "), exports.toString());
        assertNull(module.entryPoint());
        assertEquals(new MemoryConfig(2, 16, "unspecified"), module.memory());
        assertFalse(module.imports().isEmpty());
    }
}
