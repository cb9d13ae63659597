package org.cleanhost.examples.webflux;

import org.cleanhost.spring.boot.CleanFunction;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot WebFlux (Reactor Netty) application whose endpoints are Clean guest functions. The
 * {@code clean-reactor-spring-boot-starter} builds the {@link org.cleanhost.reactor.CleanRuntime} from
 * {@code application.yml}; this app only contributes the Java function the guest starts and its controller.
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -jar examples/webflux/target/examples-webflux-0.1.0-SNAPSHOT-exec.jar
 * curl localhost:8080/greet/Ada
 * </pre>
 */
@SpringBootApplication
public class CleanWebfluxApplication {

    public static void main(String[] args) {
        SpringApplication.run(CleanWebfluxApplication.class, args);
    }

    /** {@code later user = start db.findUser(id)}: the guest passes [id]; the Mono's User crosses as JSON. */
    @Bean
    CleanFunction findUser(UserRepository users) {
        return CleanFunction.of("db.findUser", args -> users.findById(((Number) args.get(0)).longValue()));
    }
}
