package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.I32;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON imports of cln 0.33 (category {@code json} of the compiler's registry): the v2 bridges on boxed
 * values that {@code json.encode}/{@code json.decode} lower to since 0.33.139, the v1 text bridges and
 * {@code _json_get}. Layouts and choices: docs/abi.md, "JSON imports".
 */
final class JsonImports {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonImports() {}

    static List<ImportSpec> specs() {
        return List.of(
                ImportSpec.of("env", "_json_encode_v2", "boxed value to compact JSON text", List.of(I32), List.of(I32), (c, a) -> {
                    String where = "env._json_encode_v2";
                    return new long[] {c.memory().writeLp(where, BoxedValues.compact(BoxedValues.read(c.memory(), where, a[0])))};
                }),
                ImportSpec.of("env", "_json_encode_pretty_v2", "boxed value to JSON text, 2-space indent", List.of(I32), List.of(I32),
                        encodePretty("env._json_encode_pretty_v2")),
                ImportSpec.of("env", "_json_decode_v2", "JSON text to a boxed value, 0 on a syntax error", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._json_decode_v2";
                    BoxedValues.Parsed parsed = BoxedValues.parse(where, c.memory().readUtf8(where, a[0], a[1]));
                    return new long[] {parsed.value() == null ? 0 : BoxedValues.write(c.memory(), where, parsed.value())};
                }),
                ImportSpec.of("env", "_json_encode", "v1: JSON text re-serialized, other text as a JSON string", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._json_encode";
                    String text = c.memory().readUtf8(where, a[0], a[1]);
                    BoxedValues.Parsed parsed = BoxedValues.parse(where, text);
                    JsonNode value = parsed.value() != null ? parsed.value() : NODES.textNode(text);
                    return new long[] {c.memory().writeLp(where, BoxedValues.compact(value))};
                }),
                ImportSpec.of("env", "_json_encode_pretty", "v1: boxed value to JSON text, 2-space indent", List.of(I32), List.of(I32),
                        encodePretty("env._json_encode_pretty")),
                ImportSpec.of("env", "_json_decode", "v1: JSON text re-serialized, or an error object", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._json_decode";
                    BoxedValues.Parsed parsed = BoxedValues.parse(where, c.memory().readUtf8(where, a[0], a[1]));
                    JsonNode value = parsed.value();
                    if (value == null) {
                        ObjectNode error = NODES.objectNode();
                        error.put("error", "JSON parse error");
                        error.put("message", parsed.error());
                        value = error;
                    }
                    return new long[] {c.memory().writeLp(where, BoxedValues.compact(value))};
                }),
                ImportSpec.of("env", "_json_get", "the value at a dot path of a boxed value, as a new boxed value", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._json_get";
                    JsonNode root = BoxedValues.read(c.memory(), where, a[0]);
                    String path = c.memory().readLp(where, a[1]);
                    return new long[] {BoxedValues.write(c.memory(), where, get(where, root, path))};
                }));
    }

    /**
     * Follows a dot-separated path: object members by name, list elements by decimal index. A string root
     * holding JSON text is parsed first. Anything missing gives null.
     */
    static JsonNode get(String where, JsonNode root, String path) {
        JsonNode current = root;
        if (current.isTextual()) {
            BoxedValues.Parsed parsed = BoxedValues.parse(where, current.textValue());
            if (parsed.value() != null) {
                current = parsed.value();
            }
        }
        for (String segment : path.split("\\.", -1)) {
            JsonNode next = null;
            if (current.isObject()) {
                next = current.get(segment);
            } else if (current.isArray() && segment.matches("[0-9]{1,9}")) {
                next = current.get(Integer.parseInt(segment));
            }
            if (next == null || next.isNull()) {
                return NODES.nullNode();
            }
            current = next;
        }
        return current;
    }

    /** v1 and v2 pretty-print a boxed value the same way; only the name in their errors differs. */
    private static ImportSpec.Handler encodePretty(String where) {
        return (c, a) -> new long[] {c.memory().writeLp(where, BoxedValues.pretty(BoxedValues.read(c.memory(), where, a[0])))};
    }
}
