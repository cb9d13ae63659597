package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The four modules the real Clean compiler (cln 0.33) emitted run with their exact expected output. */
class RealCleanFixturesTest {

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(delimiter = '|', value = {
        "hello_world.wasm                  | COMPILED    | 'Hello, World!\n'",
        "hello_world.wasm                  | INTERPRETED | 'Hello, World!\n'",
        "else_break_inside_while.wasm      | COMPILED    | 'exited cleanly inner=1\n'",
        "else_break_inside_while.wasm      | INTERPRETED | 'exited cleanly inner=1\n'",
        "nested_if_else_trailing_stmt.wasm | COMPILED    | 'inner-a\nAFTER\n'",
        "nested_if_else_trailing_stmt.wasm | INTERPRETED | 'inner-a\nAFTER\n'",
        "minimal_integer.wasm              | COMPILED    | ''",
        "minimal_integer.wasm              | INTERPRETED | ''",
    })
    void runsStartWithExactOutput(String file, ExecutionMode mode, String expected) {
        CleanModule module = CleanModule.load(SharedFixtures.cln033(file), mode);
        StringBuilder out = new StringBuilder();
        CleanHost host = CleanHost.builder(module).console(out::append).input(GuestInput.none()).build();

        host.newInstance().call(module.entryPoint(), Void.class);

        assertEquals(expected.replace("\\n", "\n"), out.toString());
        assertEquals("start", module.entryPoint());
        assertEquals(new MemoryConfig(32, 512, "standard"), module.memory());
    }
}
