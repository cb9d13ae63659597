package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locates ../shared (real Clean compiler output, the compiler's registry table); tests skip when it is absent.
 *
 * <p>JUnit's assumption messages do not reach Maven's console (Surefire reports only a count of skipped
 * tests), so the first skip for each missing path also prints one line saying why to standard error, which
 * Surefire shows in {@code mvn verify}'s output.
 */
final class SharedFixtures {
    private static final Set<Path> REPORTED = ConcurrentHashMap.newKeySet();

    private SharedFixtures() {}

    static Path cln033(String file) {
        Path path = shared().resolve(Path.of("fixtures", "cln-0.33", file));
        assumePresent(path, "the real Clean compiler output");
        return path;
    }

    /** The shared folder: {@code -Dclean.shared.dir} (the poms set it to the project's ../shared), else ../shared. */
    static Path shared() {
        return Path.of(System.getProperty("clean.shared.dir", "../shared"));
    }

    /** Skips the calling test unless {@code path} exists, saying so once per path on standard error. */
    static void assumePresent(Path path, String what) {
        if (Files.exists(path)) {
            return;
        }
        String message = "skipped: " + path + " is absent (" + what
                + " lives in ../shared, which exists only beside CI's clone)";
        Path folder = path.getParent() == null ? path : path.getParent();
        if (REPORTED.add(folder)) {
            System.err.println("[shared fixtures] " + folder + " is absent, so tests that read " + what
                    + " from it are skipped (../shared exists only beside CI's clone; -Dshared.dir=DIR points elsewhere)");
        }
        assumeTrue(false, message);
    }
}
