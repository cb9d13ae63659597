package org.cleanhost.examples.webflux;

import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * A stand-in for a reactive database repository (R2DBC, a reactive Mongo driver...): a non-blocking
 * lookup with some latency. The guest starts it as the task {@code db.findUser}.
 */
@Repository
public class UserRepository {
    private static final Duration LATENCY = Duration.ofMillis(5);
    private static final Map<Long, User> USERS = Map.of(
            7L, new User(7, "Grace Hopper", "grace@example.org"),
            42L, new User(42, "Ada Lovelace", "ada@example.org"),
            1815L, new User(1815, "Charles Babbage", "charles@example.org"));

    /** The user, after a simulated round trip; fails with {@link NoSuchElementException} when there is none. */
    public Mono<User> findById(long id) {
        return Mono.delay(LATENCY)
                .then(Mono.justOrEmpty(USERS.get(id)))
                .switchIfEmpty(Mono.error(() -> new NoSuchElementException("no user with id " + id)));
    }
}
