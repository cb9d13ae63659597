package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10, items 2, 3 and 5: errors while instantiating or while guest code runs, including JVM
 * {@link Error}s, end typed; exports the host uses are checked at build time; the default memory cap.
 */
class HostErrorsTest {

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void mistypedHostExportsAreRejectedAtBuildNamingEach(ExecutionMode mode) {
        CleanModuleException e = assertThrows(CleanModuleException.class,
                () -> CleanHost.builder(Guests.module("bad_host_exports", mode)).lenientImports(true).build());
        String message = e.getMessage();
        assertTrue(message.contains("'malloc' is exported as (i64) -> i64 but the host needs (i32) -> i32"), message);
        assertTrue(message.contains("'__heap_ptr' is exported as immutable global i32 but the host needs global i32"), message);
        assertTrue(message.contains("'memory' is exported as immutable global i32 but the host needs memory"), message);

        CleanModuleException i64 = assertThrows(CleanModuleException.class,
                () -> CleanHost.builder(Guests.module("heap_ptr_i64", mode)).build());
        assertTrue(i64.getMessage().contains("'__heap_ptr' is exported as global i64 but the host needs global i32"), i64.getMessage());
    }

    @Test
    void theDefaultMemoryCapIs4096PagesAndLargerInitialMemoriesAreRejectedAtBuild() {
        assertEquals(4096, CleanHost.DEFAULT_MAX_MEMORY_PAGES);
        CleanModule grow = Guests.module("grow", ExecutionMode.INTERPRETED);
        assertEquals(4096, CleanHost.builder(grow).console(text -> {}).build().maxMemoryPages(), "no declared maximum: the default cap");
        byte[] big = withCleanMemory(Guests.bytes("grow"), "{\"initial_pages\":4097,\"max_pages\":8000}");
        CleanModule bigModule = CleanModule.load(big, ExecutionMode.INTERPRETED);
        CleanModuleException e = assertThrows(CleanModuleException.class, () -> CleanHost.builder(bigModule).build());
        assertTrue(e.getMessage().contains("4097") && e.getMessage().contains("4096"), e.getMessage());
        assertEquals(8000, CleanHost.builder(bigModule).maxMemoryPages(8000).console(text -> {}).build().maxMemoryPages(),
                "an application may raise the cap");
        assertThrows(IllegalArgumentException.class, () -> CleanHost.builder(grow).maxMemoryPages(CleanHost.MAX_MEMORY_PAGES + 1));
        CleanInstance instance = CleanHost.builder(grow).console(text -> {}).build().newInstance();
        assertEquals(1, instance.call("grow", Integer.class, 4095), "growing to the cap works");
        assertEquals(-1, instance.call("grow", Integer.class, 1), "beyond the cap memory.grow fails inside the guest");
        assertFalse(instance.isBroken());
    }

    /** An Error thrown while guest code runs (here by the console an import calls) ends the call typed and breaks the instance. */
    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void errorsWhileGuestCodeRunsEndTheCallTyped(ExecutionMode mode) {
        assertCallFails(mode, () -> new OutOfMemoryError("simulated"), CleanMemoryException.class, "ran out of memory");
        assertCallFails(mode, StackOverflowError::new, CleanTrapException.class, "call stack exhausted");
        assertCallFails(mode, () -> new InternalError("simulated engine failure"), CleanTrapException.class, "simulated engine failure");
        assertCallFails(mode, () -> new AssertionError("simulated"), CleanTrapException.class, "AssertionError");
    }

    private static void assertCallFails(ExecutionMode mode, Supplier<Error> error, Class<? extends CleanException> expected, String text) {
        Error thrown = error.get();
        CleanHost host = CleanHost.builder(Guests.module("grow", mode)).defaultDeadline(Duration.ofSeconds(5)).console(t -> {
            throw thrown;
        }).build();
        CleanInstance instance = host.newInstance();
        CleanException e = assertThrows(CleanException.class, () -> instance.call("say", Void.class));
        assertSame(expected, e.getClass(), e.toString());
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertTrue(causes(e).contains(thrown), "the Error is among the causes: " + causes(e));
        assertTrue(instance.isBroken(), "the instance is discarded");
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(1, host.newInstance().call("grow", Integer.class, 1), "a fresh instance serves");
    }

    /** The WebAssembly start function runs inside newInstance(): an Error there ends instantiation typed. */
    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void errorsWhileInstantiatingEndTyped(ExecutionMode mode) {
        CleanModule module = Guests.module("start_prints", mode);
        StringBuilder out = new StringBuilder();
        CleanHost.builder(module).console(out::append).build().newInstance();
        assertEquals("starting\n", out.toString(), "the start function runs while instantiating");
        for (Error error : List.of(new OutOfMemoryError("simulated"), new StackOverflowError(), new InternalError("simulated"))) {
            CleanHost host = CleanHost.builder(module).console(text -> {
                throw error;
            }).build();
            CleanException e = assertThrows(CleanException.class, host::newInstance);
            assertSame(error instanceof OutOfMemoryError ? CleanMemoryException.class : CleanModuleException.class, e.getClass(), e.toString());
            assertTrue(causes(e).contains(error), "the Error is among the causes: " + causes(e));
        }
        CleanHost failing = CleanHost.builder(module).console(text -> {
            throw new IllegalStateException("console closed");
        }).build();
        CleanModuleException e = assertThrows(CleanModuleException.class, failing::newInstance);
        assertTrue(e.getMessage().contains("console closed"), e.getMessage());
    }

    /**
     * Real OutOfMemoryErrors, in a child JVM with a 160 MiB heap and eagerly allocated memory: instantiating a module whose memory starts at
     * 4000 pages (250 MiB) and growing a memory towards 32767 pages. Both must end typed and leave the JVM serving.
     */
    @Test
    void realOutOfMemoryErrorsEndTypedInASmallHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // eagerly allocated memory: instantiating and growing allocate at once (with the default copy-on-write
        // memory they allocate only when pages are written: reactor-bridge's OutOfMemoryContainmentTest writes them)
        Process process = new ProcessBuilder(java, "-Xmx160m", "-D" + CleanHost.EAGER_MEMORY_PROPERTY + "=true",
                "-cp", System.getProperty("java.class.path"),
                OutOfMemoryProbe.class.getName())
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe hung");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("instantiate: CleanMemoryException"), output);
        assertTrue(output.contains("grow COMPILED: CleanMemoryException") && output.contains("grow INTERPRETED: CleanMemoryException"), output);
        assertTrue(output.contains("still serving"), output);
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e.getCause(); t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    static byte[] withCleanMemory(byte[] module, String json) {
        byte[] name = "clean:memory".getBytes(StandardCharsets.UTF_8);
        byte[] content = ModuleFuzzTest.concat(ModuleFuzzTest.leb(name.length), name, json.getBytes(StandardCharsets.UTF_8));
        return ModuleFuzzTest.concat(module, new byte[] {0}, ModuleFuzzTest.leb(content.length), content);
    }
}
