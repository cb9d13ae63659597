package org.cleanhost.examples.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot WebFlux (Reactor Netty) application whose endpoints are Clean guest functions. The
 * {@code clean-reactor-spring-boot-starter} builds the {@link org.cleanhost.reactor.CleanRuntime} from
 * {@code application.yml}; this app only contributes the Java function the guest starts ({@link GuestFunctions})
 * and its controller.
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
}
