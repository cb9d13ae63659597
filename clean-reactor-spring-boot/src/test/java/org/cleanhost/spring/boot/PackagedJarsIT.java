package org.cleanhost.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.wasm.CleanModule;
import org.junit.jupiter.api.Test;

/**
 * After the package phase (failsafe): the jars an application gets carry no Jackson 2 of their own. wasm-host
 * holds it relocated under org.cleanhost.shaded.jackson and reactor-bridge refers only to that copy.
 */
class PackagedJarsIT {

    @Test
    void wasmHostCarriesJacksonRelocated() throws Exception {
        try (JarFile jar = jarOf(CleanModule.class)) {
            assertThat(jar.getEntry("org/cleanhost/shaded/jackson/databind/ObjectMapper.class")).isNotNull();
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("com/fasterxml"))).isEmpty();
            assertThat(constantPool(jar, "org/cleanhost/wasm/CleanModule.class"))
                    .contains("org/cleanhost/shaded/jackson/databind/ObjectMapper")
                    .doesNotContain("com/fasterxml/jackson");
            assertThat(manifest(jar).getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("org.cleanhost.wasm");
        }
    }

    @Test
    void reactorBridgeRefersToTheRelocatedCopyOnly() throws Exception {
        try (JarFile jar = jarOf(CleanRuntime.class)) {
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("com/fasterxml")
                    || n.startsWith("org/cleanhost/shaded"))).isEmpty();
            assertThat(constantPool(jar, "org/cleanhost/reactor/DefaultTaskCodec.class"))
                    .contains("org/cleanhost/shaded/jackson/databind/ObjectMapper")
                    .doesNotContain("com/fasterxml/jackson");
            assertThat(manifest(jar).getMainAttributes().getValue("Automatic-Module-Name"))
                    .isEqualTo("org.cleanhost.reactor");
        }
    }

    private static JarFile jarOf(Class<?> type) throws Exception {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(location.toString().endsWith(".jar"), () -> type.getSimpleName() + " comes from " + location
                + ", not a packaged jar (run through mvn verify)");
        return new JarFile(location.toFile());
    }

    /** The class file's bytes as Latin-1 text: its constant pool names the classes it refers to. */
    private static String constantPool(JarFile jar, String entry) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static Manifest manifest(JarFile jar) throws IOException {
        return jar.getManifest();
    }
}
