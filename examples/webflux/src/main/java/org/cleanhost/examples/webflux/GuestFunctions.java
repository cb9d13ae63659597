package org.cleanhost.examples.webflux;

import org.cleanhost.spring.boot.CleanFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Java functions the guest starts by name; the starter registers every {@link CleanFunction} bean. */
@Configuration(proxyBeanMethods = false)
public class GuestFunctions {

    /** {@code later user = start db.findUser(id)}: the guest passes [id]; the Mono's User crosses as JSON. */
    @Bean
    CleanFunction findUser(UserRepository users) {
        return CleanFunction.of("db.findUser", args -> users.findById(((Number) args.get(0)).longValue()));
    }
}
