package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An {@link OutOfMemoryError} caused by guest work (writing more memory than the heap holds, in an instance declared
 * that big or grown towards the cap) fails that call with a typed {@code CleanMemoryException}; the pool's worker
 * and the runtime keep serving. Provoked for real in a child JVM with a 160 MiB heap ({@link OutOfMemoryProbe}).
 */
class OutOfMemoryContainmentTest {

    @Test
    void guestWorkThatExhaustsTheHeapFailsTypedAndTheRuntimeKeepsServing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx160m", "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", OutOfMemoryProbe.class.getName())
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the probe hung");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        for (String mode : new String[] {"COMPILED", "INTERPRETED"}) {
            assertTrue(output.contains("huge " + mode + " touch 1: CleanMemoryException"), output);
            assertTrue(output.contains("huge " + mode + " hello after 1: ok"), output);
            assertTrue(output.contains("hog " + mode + " touch: CleanMemoryException"), output);
            assertTrue(output.contains("hog " + mode + " fresh grow: ok"), output);
        }
        assertTrue(output.contains("still serving"), output);
    }
}
