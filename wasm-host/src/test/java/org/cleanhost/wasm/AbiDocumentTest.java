package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/abi.md is the contract: its tables must list exactly what the linker binds and the host uses. */
class AbiDocumentTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\|");

    @Test
    void importTablesMatchTheLinker() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String section : List.of("## Core imports", "## Async imports (cln 0.33)", "## ID ABI v" + AsyncHost.ABI_VERSION)) {
            documented.putAll(rows(section));
        }
        Map<String, String> linked = Stream.concat(
                        CoreImports.specs(text -> {}, GuestInput.none()).stream(), AsyncImports.specs(null).stream())
                .collect(Collectors.toMap(ImportSpec::qualifiedName, ImportSpec::signature, (a, b) -> a, TreeMap::new));
        assertEquals(linked, documented);
    }

    @Test
    void exportTableMatchesWhatTheHostUses() throws IOException {
        assertEquals(new TreeMap<>(HostExports.documented()), rows("## Exports the host uses"));
    }

    @Test
    void everyAsyncImportIsKnownToTheLinkerAsAsync() throws IOException {
        Map<String, String> async = new TreeMap<>(rows("## Async imports (cln 0.33)"));
        async.putAll(rows("## ID ABI v" + AsyncHost.ABI_VERSION));
        assertEquals(async.keySet(), new java.util.TreeSet<>(AsyncImports.names()));
    }

    /** The {@code | `name` | `type` |} rows of one section (up to the next heading). */
    private static Map<String, String> rows(String heading) throws IOException {
        List<String> lines = Files.readAllLines(document());
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "docs/abi.md has no section '" + heading + "'");
        Map<String, String> rows = new TreeMap<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            Matcher m = ROW.matcher(lines.get(i));
            if (m.find()) {
                rows.put(m.group(1), m.group(2));
            }
        }
        assertTrue(!rows.isEmpty(), "section '" + heading + "' has no rows");
        return rows;
    }

    private static Path document() {
        return Path.of(System.getProperty("clean.project.dir", ".."), "docs", "abi.md");
    }
}
