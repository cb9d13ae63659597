package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Registry-driven coverage: every import of ../shared/clean-abi/portable-imports.tsv (the 135 imports cln
 * 0.33's function registry declares for every host) must bind, under its name and under each of its aliases,
 * to a spec accepting exactly the registry's WASM signature, unless it is listed below with a reason.
 */
class PortableImportsCoverageTest {

    /** Imports this host deliberately does not bind; docs/abi.md ("Registry imports this host does not bind") says why. */
    static final Map<String, String> EXCLUDED = Map.of(
            "env._test_http_request", "endpoint tests send a simulated request to routes the module registered with the server "
                    + "host's _http_route; this host serves no routes (_http_route is not portable), so no request could reach anything",
            "env._test_response_status", "reads the response of _test_http_request (excluded above)",
            "env._test_response_body", "reads the response of _test_http_request (excluded above)",
            "env._build_state_get", "build-time state shared by compiler plugins during one build (Plugin Contracts v2), "
                    + "snapshotted into the build manifest; meaningless when a compiled program runs",
            "env._build_state_set", "as _build_state_get");

    record Row(String module, String name, String category, String wasm, List<String> aliases) {
        String qualifiedName() {
            return module + "." + name;
        }
    }

    @Test
    void everyPortableImportBindsWithTheRegistrySignature() throws IOException {
        List<Row> rows = rows();
        assertEquals(135, rows.size(), "the registry table has 135 imports");
        List<ImportSpec> provided = new ArrayList<>(CleanHost.syncSpecs(text -> {}, GuestInput.none()));
        provided.addAll(AsyncImports.specs(null));
        Map<String, List<ImportSpec>> byName = Linker.byName(provided);
        Map<String, String> auto = Linker.autoAliases(byName);
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Row row : rows) {
            if (EXCLUDED.containsKey(row.qualifiedName())) {
                continue;
            }
            FunctionType type = parse(row.wasm());
            List<String> names = new ArrayList<>();
            names.add(row.qualifiedName());
            row.aliases().forEach(a -> names.add(row.module() + "." + a));
            for (String name : names) {
                String primary = Linker.primaryName(name, byName, auto);
                List<ImportSpec> specs = byName.get(primary);
                if (!primary.equals(row.qualifiedName())) {
                    missing.add(name + " resolves to " + primary + " instead of " + row.qualifiedName());
                } else if (specs == null || specs.stream().noneMatch(s -> s.accepts(type))) {
                    missing.add(name + " " + row.wasm() + (specs == null ? " (not provided)" : " (offered "
                            + specs.stream().map(ImportSpec::signature).collect(Collectors.joining(" or ")) + ")"));
                }
                checked++;
            }
        }
        assertEquals(List.of(), missing, "portable imports that do not bind with the registry's signature");
        assertTrue(checked > 150, "checked " + checked + " names");
    }

    @Test
    void everyAliasOfTheRegistryIsInTheAliasTable() throws IOException {
        List<String> absent = new ArrayList<>();
        int aliases = 0;
        for (Row row : rows()) {
            for (String alias : row.aliases()) {
                aliases++;
                String target = ImportAliases.EXPLICIT.get(row.module() + "." + alias);
                if (!row.qualifiedName().equals(target)) {
                    absent.add(row.module() + "." + alias + " -> " + row.qualifiedName() + " (table: " + target + ")");
                }
            }
        }
        assertEquals(List.of(), absent);
        assertEquals(aliases, ImportAliases.EXPLICIT.size(), "the table holds exactly the registry's aliases");
    }

    @Test
    void excludedImportsAreListedInTheRegistryAndReallyUnbound() throws IOException {
        Set<String> names = rows().stream().map(Row::qualifiedName).collect(Collectors.toSet());
        Map<String, List<ImportSpec>> byName = Linker.byName(CleanHost.syncSpecs(text -> {}, GuestInput.none()));
        for (Map.Entry<String, String> e : EXCLUDED.entrySet()) {
            assertTrue(names.contains(e.getKey()), e.getKey() + " is not in the registry table");
            assertFalse(byName.containsKey(e.getKey()), e.getKey() + " is bound now: remove it from EXCLUDED");
            assertFalse(e.getValue().isBlank());
        }
    }

    private static FunctionType parse(String wasm) {
        String[] sides = wasm.split("->");
        return FunctionType.of(types(sides[0]), types(sides[1]));
    }

    private static List<ValType> types(String side) {
        String inner = side.trim().replaceAll("^\\(|\\)$", "").trim();
        if (inner.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(inner.split(",")).map(String::trim).map(t -> {
            switch (t) {
                case "i32": return ValType.I32;
                case "i64": return ValType.I64;
                case "f64": return ValType.F64;
                case "f32": return ValType.F32;
                default: throw new IllegalArgumentException("unknown WASM type " + t);
            }
        }).collect(Collectors.toList());
    }

    static List<Row> rows() throws IOException {
        Path tsv = SharedFixtures.shared().resolve(Path.of("clean-abi", "portable-imports.tsv"));
        SharedFixtures.assumePresent(tsv, "the compiler's registry table");
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.startsWith("#") || line.startsWith("module\t") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            List<String> aliases = f.length > 6 && !f[6].isBlank() ? List.of(f[6].split(",")) : List.of();
            rows.add(new Row(f[0], f[1], f[2], f[5], aliases));
        }
        return rows;
    }
}
