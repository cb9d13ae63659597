package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An instance on {@link CopyOnWriteMemory} (the default) is indistinguishable from one on Chicory's
 * {@link ByteArrayMemory}: after instantiation, and after each export runs, both have the same memory
 * bytes, the same value in every global (including {@code __heap_ptr}), the same console output and the
 * same result or failure. Checked for the real cln 0.33 fixtures (skipped without ../shared) and the
 * committed test guests, in both execution modes, for the host's first instance (which initialises its
 * memory from the data segments and captures the image) and for later ones (which start from the image),
 * including a new instance created after an image-backed instance ran guest code and wrote every page.
 */
class CopyOnWriteInstanceTest {
    /** Exports left out: they loop or sleep until a deadline, which would only measure the deadline. */
    private static final Set<String> SKIPPED = Set.of("spin", "nap");
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @AfterAll
    static void sharedZeroPageWasNeverWritten() {
        assertTrue(CopyOnWriteMemory.zeroPageIntact(), "a guest write reached the shared zero page");
    }

    static Stream<Arguments> guests() {
        List<Arguments> out = new ArrayList<>();
        for (ExecutionMode mode : ExecutionMode.values()) {
            for (String guest : List.of("strings", "bounds", "traps", "pool", "malloc_trap", "malloc_zero",
                    "width_i32", "width_i64", "link_errors", "async_await", "start_counter")) {
                out.add(Arguments.of(guest, mode));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> fixtures() {
        List<Arguments> out = new ArrayList<>();
        for (ExecutionMode mode : ExecutionMode.values()) {
            for (String fixture : List.of("hello_world.wasm", "else_break_inside_while.wasm",
                    "nested_if_else_trailing_stmt.wasm", "minimal_integer.wasm")) {
                out.add(Arguments.of(fixture, mode));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("guests")
    void committedGuestsBehaveAlike(String guest, ExecutionMode mode) {
        everyExportBehavesAlike(Guests.module(guest, mode));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("fixtures")
    void realCleanFixturesBehaveAlike(String fixture, ExecutionMode mode) {
        CleanModule module = CleanModule.load(SharedFixtures.cln033(fixture), mode);
        everyExportBehavesAlike(module);
        Hosts hosts = new Hosts(module);
        int owned = memory(hosts.ours.newInstance()).privatePages();
        assertTrue(owned >= 1 && owned <= 2, "the first instance owns only the pages its data segments wrote: " + owned);
        assertEquals(0, memory(hosts.ours.newInstance()).privatePages(), "later instances start from the shared image");
    }

    private static CopyOnWriteMemory memory(CleanInstance instance) {
        return (CopyOnWriteMemory) instance.chicory().memory();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("fixtures")
    void anInstanceCreatedAfterAnotherRanIsFresh(String fixture, ExecutionMode mode) {
        CleanModule module = CleanModule.load(SharedFixtures.cln033(fixture), mode);
        Hosts hosts = new Hosts(module);
        CleanInstance pristine = hosts.reference.newInstance();
        CleanInstance source = hosts.ours.newInstance();
        assertSameState(pristine, source, "the instance that captured the image");
        runAndScribble(module, source);
        assertNotEquals(global(pristine, "__heap_ptr"), global(source, "__heap_ptr"));

        CleanInstance first = hosts.ours.newInstance();
        assertEquals(0, memory(first).privatePages(), "started from the image");
        assertSameState(pristine, first, "new instance after the image's source ran and wrote every page");
        runAndScribble(module, first);

        CleanInstance second = hosts.ours.newInstance();
        assertSameState(pristine, second, "new instance after an image-backed sibling ran and wrote every page");
        hosts.callBoth(pristine, second, module.entryPoint(), new Object[0]);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ExecutionMode.class)
    void theImageIsTakenBeforeTheModulesStartFunctionRuns(ExecutionMode mode) {
        Hosts hosts = new Hosts(Guests.module("start_counter", mode));
        for (int i = 0; i < 3; i++) {
            CleanInstance reference = hosts.reference.newInstance();
            CleanInstance ours = hosts.ours.newInstance();
            assertEquals(i > 0, memory(ours).privatePages() < 2, "instance " + i + (i > 0 ? " shares image pages" : " captured"));
            assertEquals(42, ours.call("counter", Integer.class), "instance " + i + ": 41 from the data segment, +1 by start");
            assertEquals(1, ours.call("marks", Integer.class), "instance " + i + ": the start function ran once on it");
            assertEquals(1, ours.call("started", Integer.class), "instance " + i);
            assertSameState(reference, ours, "instance " + i);
        }
        assertTrue(((CopyOnWriteMemory.Factory) hosts.ours.memoryFactory()).hasImage());
    }

    /** Runs guest code on {@code instance}, then writes into every page and moves {@code __heap_ptr}. */
    private static void runAndScribble(CleanModule module, CleanInstance instance) {
        instance.call(DEADLINE, module.entryPoint(), Void.class);
        instance.call(DEADLINE, "malloc", Integer.class, 4096);
        Memory memory = instance.chicory().memory();
        for (int page = 0; page < memory.pages(); page++) {
            memory.writeLong(page * Memory.PAGE_SIZE + 64, 0x0123456789ABCDEFL); // every page, data pages included
        }
        instance.chicory().exports().global("__heap_ptr").setValue(global(instance, "__heap_ptr") + 4096);
    }

    private static void everyExportBehavesAlike(CleanModule module) {
        Hosts hosts = new Hosts(module);
        assertSameState(hosts.reference.newInstance(), hosts.ours.newInstance(), "the first instance, after instantiation");
        assertSameState(hosts.reference.newInstance(), hosts.ours.newInstance(), "an instance from the image");
        for (ExportDescriptor export : module.exports()) {
            if (!export.kind().equals("function") || SKIPPED.contains(export.name())) {
                continue;
            }
            Object[] args = new Object[export.params().size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = argument(export.params().get(i), i);
            }
            hosts.callBoth(hosts.reference.newInstance(), hosts.ours.newInstance(), export.name(), args);
        }
    }

    /** Small values: pointers into the data segments, sizes that malloc can serve. */
    private static Object argument(String type, int position) {
        switch (type) {
            case "i64":
                return 3L + position;
            case "f32":
                return 1.5f;
            case "f64":
                return 2.25;
            default:
                return 3 + position * 5;
        }
    }

    /** The same module on a host with each memory, each host with its own console. */
    private static final class Hosts {
        final Guests.Console oursConsole = new Guests.Console();
        final Guests.Console referenceConsole = new Guests.Console();
        final CleanHost ours;
        final CleanHost reference;

        Hosts(CleanModule module) {
            ours = host(module, oursConsole, null);
            reference = host(module, referenceConsole, ByteArrayMemory::new);
        }

        private static CleanHost host(CleanModule module, Guests.Console console,
                java.util.function.Function<com.dylibso.chicory.wasm.types.MemoryLimits, Memory> memory) {
            return CleanHost.builder(module).console(console).input(GuestInput.none()).lenientImports(true)
                    .memoryFactory(memory).build();
        }

        /** Calls {@code export} on both; result or failure, output, memory and globals must agree. */
        void callBoth(CleanInstance reference, CleanInstance ours, String export, Object[] args) {
            assertTrue(ours.chicory().memory() == null || ours.chicory().memory() instanceof CopyOnWriteMemory);
            assertTrue(reference.chicory().memory() == null || reference.chicory().memory() instanceof ByteArrayMemory);
            String where = export + java.util.Arrays.toString(args);
            int referenceOut = referenceConsole.out().length();
            int oursOut = oursConsole.out().length();
            int referenceErrors = referenceConsole.errors().size();
            int oursErrors = oursConsole.errors().size();
            assertEquals(outcome(reference, export, args), outcome(ours, export, args), where);
            assertEquals(referenceConsole.out().substring(referenceOut), oursConsole.out().substring(oursOut), where + ": output");
            assertEquals(referenceConsole.errors().subList(referenceErrors, referenceConsole.errors().size()),
                    oursConsole.errors().subList(oursErrors, oursConsole.errors().size()), where + ": reported errors");
            assertSameState(reference, ours, "after " + where);
        }

        private static String outcome(CleanInstance instance, String export, Object[] args) {
            try {
                return "returned " + java.util.Arrays.toString(instance.call(DEADLINE, export, long[].class, args));
            } catch (RuntimeException e) {
                return e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replaceAll("instance \\d+", "#")
                        + (e.getCause() == null ? "" : " / " + e.getCause().getClass().getName() + ": " + e.getCause().getMessage());
            }
        }
    }

    private static void assertSameState(CleanInstance expected, CleanInstance actual, String when) {
        Instance a = expected.chicory();
        Instance b = actual.chicory();
        assertEquals(a.globalCount(), b.globalCount(), when + ": global count");
        for (int i = 0; i < a.globalCount(); i++) {
            assertEquals(a.global(i).getValueLow(), b.global(i).getValueLow(), when + ": global " + i);
            assertEquals(a.global(i).getValueHigh(), b.global(i).getValueHigh(), when + ": global " + i);
        }
        Memory ma = a.memory();
        Memory mb = b.memory();
        if (ma == null) {
            assertEquals(null, mb, when);
            return;
        }
        assertEquals(ma.pages(), mb.pages(), when + ": pages");
        assertArrayEquals(ma.readBytes(0, ma.pages() * Memory.PAGE_SIZE), mb.readBytes(0, mb.pages() * Memory.PAGE_SIZE),
                when + ": memory bytes");
    }

    private static long global(CleanInstance instance, String name) {
        return instance.chicory().exports().global(name).getValue();
    }
}
