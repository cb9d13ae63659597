package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One conformance guest per import category (guests/*_imports.wat, each lowered as cln 0.33 lowers the Clean
 * source in its header comment): the guest's {@code start} export runs against a real host and its output
 * must be exactly what the Clean program means, in both execution modes.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
class ConformanceGuestsTest {
    private final ExecutionMode mode;
    private final Guests.Console console = new Guests.Console();
    private final Deque<String> lines = new ArrayDeque<>();
    private final List<String> prompts = new ArrayList<>();

    ConformanceGuestsTest(ExecutionMode mode) {
        this.mode = mode;
    }

    private String run(String guest) {
        CleanHost host = CleanHost.builder(Guests.module(guest, mode))
                .console(console)
                .input(prompt -> {
                    prompts.add(prompt);
                    return lines.poll();
                })
                .build();
        CleanInstance instance = host.newInstance();
        instance.call("start", Void.class);
        assertTrue(!instance.isBroken());
        return console.out();
    }

    @Test
    void console() {
        lines.addAll(List.of("abc", "42", "x", "2.5", "maybe", "YES", "9", "3", "Ada"));
        assertEquals("log line\noops\nno newline\n42\n2.5\ntrue\n3\nAda\n0\n3\n", run("console_imports"));
        assertEquals(List.of("careful", "bad thing", "oops"), console.errors());
        assertEquals(List.of("How many? ", "How many? ", "Price? ", "Price? ", "Sure? ", "Sure? ",
                "Rating (1-5)? ", "Rating (1-5)? ", "Name? ", "More? ", "Level (3-9)? "), prompts);
    }

    @Test
    void strings() {
        assertEquals(String.join("\n",
                "Hello, World", "HELLO, WORLD", "hello, world", "Hello, World  |", "|  Hello, World", "World",
                "7", "-1", "x-b-x", "4", "x", "z", "0", "true", "false", "-1", "ababab", "true", "false",
                "-42", "9000000000", "false", "124", "true",
                "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;", "<b>raw</b>") + "\n", run("string_imports"));
    }

    @Test
    void math() {
        assertEquals(String.join("\n",
                "4", "1024", "-3", "3", "-2", "2", "3", "3.5", "3", "7", "-1", "3", "3", "1", "1024", "0", "1", "0",
                "1.5707963267948966", "0", "0", "0.7853981633974483", "0", "1", "0", "3.141592653589793",
                "2.718281828459045", "1", "true") + "\n", run("math_imports"));
    }

    @Test
    void list() {
        assertEquals("5\n8\n1.5 2.5 3.5 4.5 5.5 \ntrue\n4\n", run("list_imports"));
    }

    @Test
    void time() {
        assertEquals("true\ntrue\n", run("time_imports"));
    }

    @Test
    void memory() {
        assertEquals("1\n2\ntrue\ntrue\ntrue\n", run("memory_imports"));
    }

    @Test
    void locale() {
        assertEquals(String.join("\n", "en", "de", "1.299,99", "2.50", "$1,299.99", "Jan 1, 2026", "greeting.hello", "users") + "\n",
                run("locale_imports"));
    }
}
