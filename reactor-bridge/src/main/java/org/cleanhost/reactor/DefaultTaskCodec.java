package org.cleanhost.reactor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** The built-in {@link TaskCodec}. Jackson 2 here is relocated to org.cleanhost.shaded.jackson when packaged. */
final class DefaultTaskCodec implements TaskCodec {
    static final TaskCodec INSTANCE = new DefaultTaskCodec();

    private final ObjectMapper json = new ObjectMapper();

    private DefaultTaskCodec() {}

    @Override
    public List<Object> decodeArguments(String argsJson) {
        JsonNode array;
        try {
            array = json.readTree(argsJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("not a JSON array");
        }
        List<Object> args = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            args.add(javaValue(node));
        }
        return args;
    }

    private Object javaValue(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return null;
        }
        return json.convertValue(node, Object.class); // List or Map
    }

    @Override
    public String encode(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }
}
