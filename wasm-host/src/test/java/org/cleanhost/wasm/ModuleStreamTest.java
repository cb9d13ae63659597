package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link CleanModule#load(InputStream, ExecutionMode)}: the README's way to load a class path resource. */
class ModuleStreamTest {

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void loadsAClassPathResourceFromItsStreamAndLeavesTheStreamOpen(ExecutionMode mode) throws IOException {
        boolean[] closed = {false};
        try (InputStream resource = ModuleStreamTest.class.getResourceAsStream("/guests/strings.wasm")) {
            InputStream in = new FilterInputStream(resource) {
                @Override
                public void close() throws IOException {
                    closed[0] = true;
                    super.close();
                }
            };
            CleanModule module = CleanModule.load(in, mode);

            assertEquals(mode, module.mode());
            assertEquals("Hello, Ada!", CleanHost.builder(module).build().newInstance().call("greet", String.class, "Ada"));
            assertEquals(-1, in.read(), "read to its end");
            assertTrue(!closed[0], "the caller closes the stream");
        }
    }

    @Test
    void aMissingResourceIsAModuleExceptionSayingSo() {
        InputStream missing = ModuleStreamTest.class.getResourceAsStream("/guests/no_such_guest.wasm");

        CleanModuleException e = assertThrows(CleanModuleException.class,
                () -> CleanModule.load(missing, ExecutionMode.INTERPRETED));
        assertTrue(e.getMessage().contains("null") && e.getMessage().contains("getResourceAsStream"), e.getMessage());
    }

    @Test
    void aStreamThatFailsIsAModuleExceptionWithTheCause() {
        IOException broken = new IOException("disk on fire");
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }
        };

        CleanModuleException e = assertThrows(CleanModuleException.class, () -> CleanModule.load(in, ExecutionMode.COMPILED));
        assertSame(broken, e.getCause());
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    }

    @Test
    void bytesThatAreNotWebAssemblyAreRejectedAsFromAnArray() {
        InputStream in = new ByteArrayInputStream("not wasm".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        CleanModuleException e = assertThrows(CleanModuleException.class, () -> CleanModule.load(in, ExecutionMode.COMPILED));
        assertTrue(e.getMessage().contains("8 bytes"), e.getMessage());
    }
}
