package org.cleanhost.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class JsonMapperTaskCodecTest {
    record Event(String name, Instant at) {}

    @Test
    void argumentsKeepTheRuntimesValueTypesWhateverTheMapperSays() {
        JsonMapper mapper = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        assertThat(new JsonMapperTaskCodec(mapper).decodeArguments("[42, 1.5, \"x\", true, null, [1], {\"k\": 2}]"))
                .containsExactly(42L, 1.5, "x", true, null, List.of(1L), Map.of("k", 2L));
    }

    @Test
    void badArgumentsSayWhatIsWrongAsTheRuntimeExpects() {
        JsonMapperTaskCodec codec = new JsonMapperTaskCodec(JsonMapper.builder().build());
        assertThatThrownBy(() -> codec.decodeArguments("[1,")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not JSON");
        assertThatThrownBy(() -> codec.decodeArguments("{\"s\":\"x\"}")).hasMessage("not a JSON array");
        assertThatThrownBy(() -> codec.decodeArguments("nope")).hasMessage("not JSON");
    }

    @Test
    void resultsFollowTheMappersSettings() {
        assertThat(new JsonMapperTaskCodec(JsonMapper.builder().build())
                .encode(new Event("boot", Instant.parse("2024-05-01T10:15:30Z"))))
                .isEqualTo("{\"name\":\"boot\",\"at\":\"2024-05-01T10:15:30Z\"}");
        assertThat(new JsonMapperTaskCodec(JsonMapper.builder()
                        .enable(tools.jackson.databind.cfg.DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build())
                .encode(new Event("boot", Instant.parse("2024-05-01T10:15:30Z"))))
                .startsWith("{\"name\":\"boot\",\"at\":1714558530");
    }
}
