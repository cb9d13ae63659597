package org.cleanhost.wasm;

import org.cleanhost.wasm.async.AsyncHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/abi.md is the contract: its tables must list exactly what the linker binds and the host uses. */
class AbiDocumentTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\|");
    private static final String ASYNC = "## Async imports (cln 0.33)";
    private static final String ID_ABI = "## ID ABI v" + AsyncHost.ABI_VERSION;

    /**
     * Every section whose heading ends in "imports" and does not mention async (core and each category;
     * the async ones are checked below) together lists exactly the specs CleanHost provides, one row per
     * overload. A new category only needs its section and its line in {@link CleanHost#syncSpecs}.
     */
    @Test
    void importTablesMatchTheLinker() throws IOException {
        List<String> documented = new ArrayList<>();
        for (String heading : headings()) {
            if (heading.endsWith(" imports") && !heading.contains("async")) {
                rowList(heading).forEach(r -> documented.add(r[0] + " " + r[1]));
            }
        }
        List<String> linked = CleanHost.syncSpecs(text -> {}, GuestInput.none()).stream()
                .map(s -> s.qualifiedName() + " " + s.signature()).collect(Collectors.toList());
        assertEquals(linked.stream().sorted().collect(Collectors.toList()), documented.stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void asyncTablesMatchTheLinker() throws IOException {
        Map<String, String> documented = new TreeMap<>(rows(ASYNC));
        documented.putAll(rows(ID_ABI));
        Map<String, String> linked = AsyncImports.specs(null).stream()
                .collect(Collectors.toMap(ImportSpec::qualifiedName, ImportSpec::signature, (a, b) -> a, TreeMap::new));
        assertEquals(linked, documented);
    }

    @Test
    void aliasTableMatchesTheLinker() throws IOException {
        assertEquals(new TreeMap<>(ImportAliases.EXPLICIT), rows("## Import aliases"));
    }

    @Test
    void exportTableMatchesWhatTheHostUses() throws IOException {
        assertEquals(new TreeMap<>(HostExports.documented()), rows("## Exports the host uses"));
    }

    @Test
    void everyAsyncImportIsKnownToTheLinkerAsAsync() throws IOException {
        Map<String, String> async = new TreeMap<>(rows(ASYNC));
        async.putAll(rows(ID_ABI));
        assertEquals(async.keySet(), new java.util.TreeSet<>(AsyncImports.names()));
    }

    private static List<String> headings() throws IOException {
        return Files.readAllLines(document()).stream().filter(l -> l.startsWith("## ")).collect(Collectors.toList());
    }

    /** The {@code | `name` | `type` |} rows of one section (up to the next heading), duplicates kept. */
    private static List<String[]> rowList(String heading) throws IOException {
        List<String> lines = Files.readAllLines(document());
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "docs/abi.md has no section '" + heading + "'");
        List<String[]> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            Matcher m = ROW.matcher(lines.get(i));
            if (m.find()) {
                rows.add(new String[] {m.group(1), m.group(2)});
            }
        }
        assertTrue(!rows.isEmpty(), "section '" + heading + "' has no rows");
        return rows;
    }

    private static Map<String, String> rows(String heading) throws IOException {
        Map<String, String> rows = new TreeMap<>();
        for (String[] row : rowList(heading)) {
            rows.put(row[0], row[1]);
        }
        return rows;
    }

    private static Path document() {
        return Path.of(System.getProperty("clean.project.dir", ".."), "docs", "abi.md");
    }
}
