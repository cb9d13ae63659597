package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/fixtures/cln-0.33 (real Clean compiler output); tests skip when it is absent. */
final class SharedFixtures {
    private SharedFixtures() {}

    static Path cln033(String file) {
        String shared = System.getProperty("clean.shared.dir", "../shared");
        Path path = Path.of(shared, "fixtures", "cln-0.33", file);
        assumeTrue(Files.isRegularFile(path),
                "skipped: " + path + " is absent (../shared with the real Clean fixtures exists only beside CI's clone)");
        return path;
    }
}
