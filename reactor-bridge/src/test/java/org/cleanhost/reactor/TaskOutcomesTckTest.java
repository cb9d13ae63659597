package org.cleanhost.reactor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import reactor.core.publisher.Mono;

/**
 * Reactive Streams TCK for {@link CleanRuntime#taskOutcomes()}, our hot {@code Flux} itself (no operator
 * around it). It never completes, so it is verified as an infinite publisher
 * ({@link #publisherUnableToSignalOnComplete()}): the TCK skips the rules that need a completion and checks
 * the others (request accounting, no unrequested signals, §3.9 bad requests, cancellation, serial signals,
 * dropping the subscriber). A driver thread keeps it producing: it calls later_cln033.wat's {@code burst()},
 * eight {@code background tick()} statements, over and over. Being hot, late subscribers miss earlier
 * outcomes, so the optional multicast rules (same elements to all subscribers) are reported not verified.
 */
public class TaskOutcomesTckTest extends PublisherVerification<TaskOutcome> {
    private CleanRuntime runtime;
    private volatile boolean driving;
    private Thread driver;
    private final AtomicReference<Throwable> driverFailure = new AtomicReference<>();

    public TaskOutcomesTckTest() {
        super(new TestEnvironment(TckSupport.DEFAULT_TIMEOUT_MILLIS, TckSupport.NO_SIGNALS_TIMEOUT_MILLIS));
    }

    @BeforeClass
    public void buildRuntimeAndStartProducing() {
        runtime = CleanRuntime.builder(Guests.module(Guests.CLN033)).console(TckSupport.SILENT).poolSize(2).warmUp(1)
                .function("tick", args -> Mono.fromCallable(() -> "tick"))
                .build();
        driving = true;
        driver = new Thread(() -> {
            while (driving) {
                try {
                    runtime.call("burst", Void.class).block();
                } catch (Throwable t) {
                    driverFailure.compareAndSet(null, t);
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
        }, "tck-outcome-driver");
        driver.setDaemon(true);
        driver.start();
    }

    @AfterClass
    public void stopAndCheckForLeaks() throws InterruptedException {
        driving = false;
        driver.join(10_000);
        TckSupport.assertNoLeaksAndDispose(runtime);
        if (driverFailure.get() != null) {
            throw new AssertionError("the driver's guest call failed", driverFailure.get());
        }
    }

    @Override
    public Publisher<TaskOutcome> createPublisher(long elements) {
        return runtime.taskOutcomes();
    }

    @Override
    public Publisher<TaskOutcome> createFailedPublisher() {
        return null; // it has no failed state
    }

    @Override
    public long maxElementsFromPublisher() {
        return publisherUnableToSignalOnComplete();
    }
}
