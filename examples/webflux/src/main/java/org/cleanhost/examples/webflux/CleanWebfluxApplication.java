package org.cleanhost.examples.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot WebFlux (Reactor Netty) application whose endpoints are Clean guest functions: every
 * controller method returns a {@code Mono} or {@code Flux} built from a {@link org.cleanhost.reactor.CleanRuntime}.
 *
 * <pre>
 * mvn -B -q install -DskipTests -pl examples/webflux -am
 * mvn -B -q -pl examples/webflux spring-boot:run
 * curl localhost:8080/greet/Ada
 * </pre>
 */
@SpringBootApplication
public class CleanWebfluxApplication {

    public static void main(String[] args) {
        SpringApplication.run(CleanWebfluxApplication.class, args);
    }
}
