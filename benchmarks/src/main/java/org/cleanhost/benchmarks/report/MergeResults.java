package org.cleanhost.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Merges two JMH JSON result files: every result of {@code <newer.json>} replaces the result of
 * {@code <base.json>} with the same benchmark and parameters; the others are kept. {@code scripts/bench.sh
 * --merge} uses it to re-run some benchmarks longer without losing the rest of a run.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.cleanhost.benchmarks.report.MergeResults <base.json>
 * <newer.json> <out.json>}. A missing base file counts as empty.
 */
public final class MergeResults {
    private MergeResults() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: MergeResults <base.json> <newer.json> <out.json>");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper();
        Path base = Path.of(args[0]);
        JsonNode newer = json.readTree(Path.of(args[1]).toFile());
        ArrayNode merged = json.createArrayNode();
        Set<String> replaced = new HashSet<>();
        for (JsonNode result : newer) {
            merged.add(result);
            replaced.add(key(result));
        }
        if (Files.isRegularFile(base)) {
            for (JsonNode result : json.readTree(base.toFile())) {
                if (!replaced.contains(key(result))) {
                    merged.add(result);
                }
            }
        }
        json.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[2]).toFile(), merged);
    }

    private static String key(JsonNode result) {
        return result.path("benchmark").asText() + " " + result.path("params") + " " + result.path("threads").asText();
    }
}
