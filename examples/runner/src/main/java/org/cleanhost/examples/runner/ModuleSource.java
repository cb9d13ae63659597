package org.cleanhost.examples.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.ExecutionMode;

/** A module file given on the command line, or the bundled demo when none is. */
final class ModuleSource {
    private static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};

    private ModuleSource() {}

    static CleanModule load(Path file, ExecutionMode mode) {
        return file == null ? CleanModule.loadResource(CleanRunner.DEMO, mode) : CleanModule.load(file, mode);
    }

    static String describe(Path file) {
        return file == null ? "bundled demo" : file.toString();
    }

    /**
     * Why {@code file} cannot be a module, as a usage error (exit 2) the user fixes on the command line, or
     * {@code null} when it may be one (the bundled demo, or a file that is not WebAssembly text; whether its
     * bytes are a valid module is for {@link CleanModule#load} to say).
     */
    static String usageProblem(Path file) {
        if (file == null) {
            return null;
        }
        if (!Files.exists(file)) {
            return "no such file: " + file;
        }
        if (!Files.isRegularFile(file)) {
            return "not a file: " + file;
        }
        if (isWebAssemblyText(file)) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String base = dot > 0 ? name.substring(0, dot) : name;
            Path wat = file.resolveSibling(base + ".wat");
            String build = "wat2wasm " + wat + " -o " + file.resolveSibling(base + ".wasm") + "\n"
                    + "(wat2wasm is in the WebAssembly Binary Toolkit: apt-get install wabt on Debian and Ubuntu)";
            return wat.equals(file)
                    ? file + " is WebAssembly text; the runner takes a binary module. Build it first:\n" + build
                    : file + " holds WebAssembly text, not a binary module. Rename it to " + wat.getFileName()
                            + " and build it:\n" + build;
        }
        return null;
    }

    /** A {@code .wat} name, or text that starts as a WAT module does (a binary module starts with "\0asm"). */
    private static boolean isWebAssemblyText(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wat")) {
            return true;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(256);
        } catch (IOException e) {
            return false; // CleanModule.load reports the read failure
        }
        if (head.length >= 4 && head[0] == WASM_MAGIC[0] && head[1] == WASM_MAGIC[1] && head[2] == WASM_MAGIC[2]
                && head[3] == WASM_MAGIC[3]) {
            return false;
        }
        String text = new String(head, StandardCharsets.UTF_8).stripLeading();
        return text.startsWith("(module") || text.startsWith(";;");
    }
}
