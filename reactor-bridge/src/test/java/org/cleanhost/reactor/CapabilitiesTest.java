package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.cleanhost.wasm.CleanHostFunctionException;
import org.cleanhost.wasm.CleanLinkException;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * A guest gets only what docs/abi.md lists. capabilities.wat imports files and sockets (WASI and made-up env
 * functions): it does not link. {@code env.input} reads nothing unless the application gave the runtime an
 * input source.
 */
class CapabilitiesTest extends RuntimeTestSupport {
    private static final String CAPABILITIES = "capabilities";

    @Test
    void importsOutsideTheAbiFailTheBuildWithOneCleanLinkExceptionListingEveryOne() {
        CleanRuntime.Builder builder = CleanRuntime.builder(Guests.module(CAPABILITIES)).console(console);

        CleanLinkException e = assertThrows(CleanLinkException.class, builder::build);

        Set<String> refused = e.problems().stream().map(p -> p.module() + "." + p.name()).collect(Collectors.toSet());
        assertEquals(Set.of("wasi_snapshot_preview1.path_open", "wasi_snapshot_preview1.fd_read",
                "wasi_snapshot_preview1.sock_accept", "env.open_file", "env.socket_connect"), refused);
        assertTrue(e.getMessage().startsWith("5 import(s) cannot be linked:"), e.getMessage());
        for (String name : refused) {
            assertTrue(e.getMessage().contains(name), () -> "message lacks " + name + ": " + e.getMessage());
        }
        assertTrue(e.problems().stream().allMatch(p -> p.reason().contains("no host function")), e::getMessage);

        // the host is unharmed: a runtime for a well-behaved guest works right afterwards
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(1).build());
        assertStillServes(runtime);
    }

    @Test
    void whenLinkedLenientlyAForeignImportFailsOnlyTheCallThatUsesIt() {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(CAPABILITIES)).console(console).poolSize(1)
                .lenientImports(true).build());

        StepVerifier.create(runtime.call("readFile", Integer.class))
                .expectErrorSatisfies(e -> {
                    CleanLinkException link = assertInstanceOf(CleanLinkException.class, e);
                    assertEquals("path_open", link.problems().get(0).name());
                    assertTrue(link.getMessage().contains("wasi_snapshot_preview1.path_open"), link.getMessage());
                })
                .verify(VERIFY);
        StepVerifier.create(runtime.call("connect", Integer.class))
                .expectErrorSatisfies(e -> assertTrue(assertInstanceOf(CleanLinkException.class, e).getMessage()
                        .contains("env.socket_connect"), e.getMessage()))
                .verify(VERIFY);
        assertStillServes(runtime);
        awaitStats(runtime, s -> s.instancesDiscarded() == 2, "both instances that hit a foreign import are discarded");
    }

    @Test
    void inputIsEmptyUnlessTheApplicationEnabledASource() {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console)
                .poolSize(1).deadline(Duration.ofSeconds(10)).build());
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream("secret from stdin\n".getBytes(StandardCharsets.UTF_8)));
        try {
            StepVerifier.create(runtime.call("readLine", String.class)).expectNext("").expectComplete().verify(VERIFY);
            StepVerifier.create(runtime.call("readLine", String.class)).expectNext("").expectComplete().verify(VERIFY);
        } finally {
            System.setIn(stdin);
        }
        assertEquals("", console.out(), "no prompt was shown either");
    }

    @Test
    void anEnabledInputSourceAnswersAndItsFailuresAreTyped() {
        List<String> prompts = new CopyOnWriteArrayList<>();
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console)
                .poolSize(1).deadline(Duration.ofSeconds(10))
                .input(prompt -> {
                    prompts.add(prompt);
                    switch (prompts.size()) {
                        case 1:
                            return "Ada";
                        case 2:
                            return null; // end of input
                        default:
                            throw new UncheckedIOException(new java.io.IOException("terminal closed"));
                    }
                })
                .build());

        StepVerifier.create(runtime.call("readLine", String.class)).expectNext("Ada").expectComplete().verify(VERIFY);
        StepVerifier.create(runtime.call("readLine", String.class)).expectNext("").expectComplete().verify(VERIFY);
        StepVerifier.create(runtime.call("readLine", String.class))
                .expectErrorSatisfies(e -> {
                    CleanHostFunctionException failed = assertInstanceOf(CleanHostFunctionException.class, e);
                    assertTrue(failed.getMessage().contains("env.input"), failed.getMessage());
                    assertTrue(failed.getMessage().contains("terminal closed"), failed.getMessage());
                })
                .verify(VERIFY);
        assertEquals(List.of("name? ", "name? ", "name? "), prompts);
        assertStillServes(runtime);
    }
}
