package org.cleanhost.examples.runner;

import java.nio.file.Path;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.ExecutionMode;

/** A module file given on the command line, or the bundled demo when none is. */
final class ModuleSource {
    private ModuleSource() {}

    static CleanModule load(Path file, ExecutionMode mode) {
        return file == null ? CleanModule.loadResource(CleanRunner.DEMO, mode) : CleanModule.load(file, mode);
    }

    static String describe(Path file) {
        return file == null ? "bundled demo" : file.toString();
    }
}
