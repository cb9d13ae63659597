package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The TaskCodec hook: the runtime decodes task arguments and encodes Java function results through it. */
class TaskCodecTest extends RuntimeTestSupport {

    /** A record the default codec writes through its accessors. */
    record User(long id, String name) {}

    @Test
    void theDefaultCodecKeepsTheDocumentedValueTypes() {
        TaskCodec codec = TaskCodec.defaults();
        // top-level integers are Longs (the documented contract); nested ones are as Jackson reads them
        assertEquals(List.of(42L, 1.5, "x", true, List.of(1, 2), Map.of("k", "v")),
                codec.decodeArguments("[42, 1.5, \"x\", true, [1, 2], {\"k\": \"v\"}]"));
        assertEquals("{\"id\":7,\"name\":\"Ada\"}", codec.encode(new User(7, "Ada")));
        assertEquals("not JSON", assertThrows(IllegalArgumentException.class, () -> codec.decodeArguments("[1,"))
                .getMessage());
        assertEquals("not a JSON array", assertThrows(IllegalArgumentException.class,
                () -> codec.decodeArguments("{\"s\":1}")).getMessage());
    }

    @Test
    void aCustomCodecEncodesJavaFunctionResults() {
        List<Object> encoded = new CopyOnWriteArrayList<>();
        TaskCodec upper = new TaskCodec() {
            @Override
            public List<Object> decodeArguments(String json) {
                return TaskCodec.defaults().decodeArguments(json);
            }

            @Override
            public String encode(Object value) {
                encoded.add(value);
                return "custom:" + ((User) value).name();
            }
        };
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(Guests.IDS)).console(console).poolSize(2)
                .taskCodec(upper)
                .function("db.findUser", args -> Mono.just(new User((Long) args.get(0), "Ada")))
                .build());

        StepVerifier.create(runtime.call("user", String.class))
                .expectNext("got custom:Ada") // the guest prefixed "got " to the encoded value
                .expectComplete()
                .verify(VERIFY);
        assertEquals(List.of(new User(42, "Ada")), encoded);
    }

    @Test
    void aCodecThatFailsFailsTheTaskNamingTheValuesClass() {
        TaskCodec failing = new TaskCodec() {
            @Override
            public List<Object> decodeArguments(String json) {
                return TaskCodec.defaults().decodeArguments(json);
            }

            @Override
            public String encode(Object value) {
                throw new IllegalStateException("no encoder for it");
            }
        };
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(Guests.IDS)).console(console).poolSize(2)
                .taskCodec(failing)
                .function("db.findUser", args -> Mono.just(new User(1, "x")))
                .build());

        List<TaskOutcome> outcomes = new CopyOnWriteArrayList<>();
        runtime.taskOutcomes().subscribe(outcomes::add);
        // the guest does not check the failed future (it concatenates a null string): any error will do here
        StepVerifier.create(runtime.call("user", String.class)).expectError().verify(VERIFY);
        runtime.whenIdle().block(VERIFY);
        TaskOutcome outcome = outcomes.stream().filter(o -> o.task().equals("db.findUser")).findFirst().orElseThrow();
        assertTrue(outcome.errorMessage().contains("cannot encode a " + User.class.getName() + " as JSON: no encoder for it"),
                outcome.errorMessage());
    }
}
