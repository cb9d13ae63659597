package org.cleanhost.spring.boot;

import java.util.List;
import org.cleanhost.reactor.TaskCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link TaskCodec} on the application's Jackson 3 {@link JsonMapper}: Java function results are written with
 * its settings and modules (dates, naming strategy...). Arguments read integers as {@link Long} and other
 * numbers as {@link Double} whatever the mapper says, as the runtime's contract promises.
 */
final class JsonMapperTaskCodec implements TaskCodec {
    private final JsonMapper mapper;
    private final ObjectReader arguments;

    JsonMapperTaskCodec(JsonMapper mapper) {
        this.mapper = mapper;
        this.arguments = mapper.readerFor(List.class)
                .with(DeserializationFeature.USE_LONG_FOR_INTS)
                .without(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    @Override
    public List<Object> decodeArguments(String json) {
        String trimmed = json.strip();
        if (!trimmed.startsWith("[")) {
            // mirror the default codec: anything parseable but not an array says so
            try {
                mapper.readTree(trimmed);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("not JSON", e);
            }
            throw new IllegalArgumentException("not a JSON array");
        }
        try {
            return arguments.readValue(trimmed);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    @Override
    public String encode(Object value) {
        return mapper.writeValueAsString(value);
    }

    @Override
    public String toString() {
        return "JsonMapperTaskCodec[" + mapper + "]";
    }
}
