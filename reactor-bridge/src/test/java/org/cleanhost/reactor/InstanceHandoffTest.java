package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * A call queued for the pool runs on the scheduler thread that gives an instance back, right after that
 * thread delivers its own result, without waiting for a worker to wake up; if delivering takes too long
 * it is scheduled after all (see GuestRun). The only instance is held by a guest awaiting a Java function
 * ("gate"); calls queue behind it until the test opens the gate.
 */
class InstanceHandoffTest extends RuntimeTestSupport {
    private static final int QUEUED = 5;

    private final Sinks.Empty<Void> gate = Sinks.empty();
    /** While set, scheduled tasks are kept here instead of run: no worker ever comes for them. */
    private volatile List<Runnable> heldBack;
    private Scheduler workers;
    private CleanRuntime runtime;

    @BeforeEach
    void build() {
        workers = Schedulers.newBoundedElastic(4, 1000, "handoff-test");
        Scheduler observed = Schedulers.fromExecutor(task -> {
            List<Runnable> hold = heldBack;
            if (hold != null) {
                hold.add(task);
                return;
            }
            workers.schedule(task);
        });
        runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console)
                .poolSize(1)
                .warmUp(1)
                .scheduler(observed)
                .deadline(Duration.ofSeconds(10))
                .function("gate", args -> gate.asMono())
                .build());
    }

    @AfterEach
    void disposeWorkers() {
        workers.dispose();
    }

    private Mono<List<String>> queueCalls(int calls, int alreadyActive) {
        Mono<List<String>> queued = Flux.range(0, calls)
                .flatMapSequential(i -> runtime.call("hello", String.class), calls)
                .collectList()
                .cache();
        queued.subscribe();
        awaitStats(runtime, s -> s.guestRunsActive() == alreadyActive + calls, "the calls queue behind the holder");
        return queued;
    }

    @Test
    void queuedCallsRunOnTheReleasingThreadWithoutWaitingForAWorker() {
        StepVerifier holder = holdAnInstanceUntilTheGateOpens(runtime);
        List<Runnable> neverRun = new ArrayList<>();
        heldBack = Collections.synchronizedList(neverRun);
        Mono<List<String>> queued = queueCalls(QUEUED, 1);

        gate.tryEmitEmpty();
        holder.verify(VERIFY);
        // no scheduled task has run since the holder started: the holder's thread ran them all
        StepVerifier.create(queued).expectNext(List.of("hello", "hello", "hello", "hello", "hello"))
                .expectComplete().verify(VERIFY);

        heldBack = null;
        neverRun.forEach(Runnable::run); // fallbacks scheduled if delivering took over 1 ms: they find their runs done
        RuntimeStats stats = idleStats(runtime);
        assertEquals(0, stats.instancesInUse(), stats::toString);
        assertEquals(1, stats.instancesCreated(), stats::toString);
    }

    @Test
    void aSubscriberThatBlocksOnAQueuedCallWhileTheInstanceIsHandedOverDoesNotHang() {
        Sinks.One<Mono<List<String>>> queuedLater = Sinks.one();
        StepVerifier blocking = StepVerifier.create(runtime.call("run", String.class, "gate", "[]")
                        // runs on the holder's worker as it delivers, while the queued calls wait for their turn
                        .map(held -> "holder" + held + "+" + queuedLater.asMono().block(VERIFY).block(VERIFY)))
                .expectNext("holder+[hello, hello]")
                .expectComplete()
                .verifyLater();
        awaitStats(runtime, s -> s.instancesInUse() == 1 && s.futuresPending() == 1, "the guest waits for the gate");
        queuedLater.tryEmitValue(queueCalls(2, 1));

        gate.tryEmitEmpty();
        blocking.verify(VERIFY);
    }

    @Test
    void aSubscriberThatThrowsDoesNotStrandTheCallHandedItsInstance() {
        AtomicInteger thrown = new AtomicInteger();
        runtime.call("run", String.class, "gate", "[]").subscribe(new CoreSubscriber<String>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(String value) {
                thrown.incrementAndGet();
                throw new IllegalStateException("a subscriber breaking the Reactive Streams rules");
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        awaitStats(runtime, s -> s.instancesInUse() == 1 && s.futuresPending() == 1, "the guest waits for the gate");
        StepVerifier next = StepVerifier.create(runtime.call("hello", String.class))
                .expectNext("hello").expectComplete().verifyLater();

        gate.tryEmitEmpty();
        next.verify(VERIFY);
        // under load the next call may run (1 ms hand-off fallback) before the throwing subscriber's onNext returns
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (thrown.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, thrown.get());
    }

    @Test
    void aCallCancelledWhileQueuedIsSkippedAndTheNextOneRuns() {
        StepVerifier holder = holdAnInstanceUntilTheGateOpens(runtime);
        Disposable cancelled = runtime.call("hello", String.class).subscribe();
        StepVerifier next = StepVerifier.create(runtime.call("hello", String.class))
                .expectNext("hello").expectComplete().verifyLater();
        awaitStats(runtime, s -> s.guestRunsActive() == 3, "two calls queue behind the holder");
        cancelled.dispose();

        gate.tryEmitEmpty();
        holder.verify(VERIFY);
        next.verify(VERIFY);
        assertEquals(0, idleStats(runtime).instancesInUse());
    }
}
