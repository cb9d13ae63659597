package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.cleanhost.wasm.CleanArgumentException;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanTimeoutException;
import org.cleanhost.wasm.CleanTrapException;
import org.cleanhost.wasm.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A seeded property test of random operation sequences against one runtime: calls of every shape (values,
 * primitive results, traps, deadlines, bad arguments, Java functions that re-enter the runtime, futures),
 * each with a random subscriber (unbounded, slow, throwing in {@code onNext}, cancelling at a random moment),
 * and sometimes {@code dispose()} in the middle. Property: every subscription that was not cancelled gets
 * exactly one terminal signal within a bound, at most one value and nothing after its terminal signal; every
 * error is a {@link CleanException} (or the subscriber's own exception, given back to it); and afterwards
 * nothing leaks. {@code -Dclean.sequences=N} runs more seeds.
 */
class OperationSequencesTest extends RuntimeTestSupport {
    private static final int OPERATIONS = 40;
    private static final Duration TERMINATES_WITHIN = Duration.ofSeconds(10);

    static Stream<Long> seeds() {
        int count = Integer.getInteger("clean.sequences", 12);
        return new Random(20261203L).longs(count).boxed();
    }

    enum Subscriber { UNBOUNDED, SLOW, THROWING, CANCELLING }

    /** Records every signal; the property is checked on the records. */
    static final class Recorder implements CoreSubscriber<Object> {
        final String what;
        final Subscriber mode;
        final List<String> signals = new ArrayList<>();
        volatile Subscription subscription;
        volatile boolean cancelled;
        volatile Throwable error;
        volatile int terminals;

        Recorder(String what, Subscriber mode) {
            this.what = what;
            this.mode = mode;
        }

        @Override
        public synchronized void onSubscribe(Subscription s) {
            subscription = s;
            signals.add("subscribe");
            if (mode == Subscriber.UNBOUNDED || mode == Subscriber.THROWING || mode == Subscriber.CANCELLING) {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public synchronized void onNext(Object value) {
            signals.add("next " + value);
            if (mode == Subscriber.THROWING) {
                throw new IllegalStateException("subscriber bug in onNext");
            }
        }

        @Override
        public synchronized void onError(Throwable t) {
            signals.add("error " + t.getClass().getSimpleName());
            error = t;
            terminals++;
        }

        @Override
        public synchronized void onComplete() {
            signals.add("complete");
            terminals++;
        }

        synchronized String describe() {
            return what + " [" + mode + (cancelled ? ", cancelled" : "") + "] " + signals;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everySubscriptionTerminatesExactlyOnceAndNothingLeaks(long seed) throws InterruptedException {
        Random random = new Random(seed);
        ExecutionMode mode = random.nextInt(3) == 0 ? ExecutionMode.INTERPRETED : ExecutionMode.COMPILED;
        AtomicReference<CleanRuntime> self = new AtomicReference<>();
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST, mode)).console(console)
                .poolSize(1 + random.nextInt(3))
                .queue(Duration.ofSeconds(5), 1000)
                .deadline(Duration.ofSeconds(5))
                .function("instant", args -> Mono.just("now"))
                .function("slow", args -> Mono.delay(Duration.ofMillis(20)).thenReturn("slow"))
                .function("failing", args -> Mono.error(new IllegalStateException("card declined")))
                .function("nested", args -> self.get().call("hello", String.class))
                .build());
        self.set(runtime);
        int disposeAt = random.nextInt(4) == 0 ? random.nextInt(OPERATIONS) : -1;
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < OPERATIONS; i++) {
            if (i == disposeAt) {
                runtime.dispose();
            }
            Subscriber subscriber = Subscriber.values()[random.nextInt(Subscriber.values().length)];
            int operation = random.nextInt(9);
            Recorder recorder = new Recorder("op " + i + " #" + operation, subscriber);
            recorders.add(recorder);
            operation(runtime, operation, random).get().subscribe(recorder);
            if (subscriber == Subscriber.SLOW) {
                Schedulers.parallel().schedule(() -> recorder.subscription.request(1), random.nextInt(30), java.util.concurrent.TimeUnit.MILLISECONDS);
            } else if (subscriber == Subscriber.CANCELLING) {
                Schedulers.parallel().schedule(() -> {
                    recorder.cancelled = true;
                    recorder.subscription.cancel();
                }, random.nextInt(30), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            if (random.nextInt(4) == 0) {
                Thread.sleep(random.nextInt(10));
            }
        }

        long deadline = System.nanoTime() + TERMINATES_WITHIN.toNanos();
        for (Recorder r : recorders) {
            while (r.terminals == 0 && !(r.cancelled && r.mode == Subscriber.CANCELLING) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        }
        Thread.sleep(20); // a second terminal signal, if any, would follow the first closely
        for (Recorder r : recorders) {
            String seen = r.describe();
            boolean mayHaveNone = r.mode == Subscriber.CANCELLING && r.cancelled;
            if (r.terminals != 1 && !(mayHaveNone && r.terminals == 0)) {
                fail("seed " + seed + ": expected exactly one terminal signal: " + seen);
            }
            long values = r.signals.stream().filter(s -> s.startsWith("next")).count();
            assertTrue(values <= 1, () -> "seed " + seed + ": more than one value: " + seen);
            int last = r.signals.size() - 1;
            assertTrue(r.terminals == 0 || r.signals.get(last).startsWith("error") || r.signals.get(last).equals("complete"),
                    () -> "seed " + seed + ": a signal after the terminal one: " + seen);
            Throwable e = r.error;
            if (e != null && !(e instanceof CleanException)) {
                assertTrue(r.mode == Subscriber.THROWING && e.getMessage().equals("subscriber bug in onNext"),
                        () -> "seed " + seed + ": an untyped error: " + seen + " " + e);
            }
        }
        if (disposeAt < 0) {
            RuntimeStats stats = idleStats(runtime);
            assertEquals(0, stats.guestRunsActive(), stats::toString);
            assertEquals(0, stats.futuresPending(), stats::toString);
            assertStillServes(runtime);
        } else {
            awaitStats(runtime, s -> s.guestRunsActive() == 0 && s.instancesInUse() == 0, "a disposed runtime ends every run");
        }
    }

    /** One call of the abi_abuse guest; each checks its own outcome type when it errs. */
    private static Supplier<Mono<?>> operation(CleanRuntime runtime, int operation, Random random) {
        switch (operation) {
            case 0:
                return () -> runtime.call("hello", String.class);
            case 1:
                int id = 1_000_000 + random.nextInt(1000);
                return () -> runtime.call("status", int.class, id); // -1: unknown id, a primitive result
            case 2:
                return () -> runtime.call("boom", Void.class).doOnError(e -> expect(CleanTrapException.class, e));
            case 3:
                return () -> runtime.call(Duration.ofMillis(30), "spin", Void.class)
                        .doOnError(e -> expect(CleanTimeoutException.class, e));
            case 4:
                return () -> runtime.call("later", String.class, "nested", "[]");
            case 5:
                return () -> runtime.call("later", String.class, "slow", "[]");
            case 6:
                return () -> runtime.call("nope", String.class).doOnError(e -> expect(CleanArgumentException.class, e));
            case 7:
                return () -> runtime.callForFuture("create", "instant", "[]");
            default:
                return () -> runtime.call("run", String.class, "failing", "[]");
        }
    }

    private static void expect(Class<? extends Throwable> type, Throwable e) {
        if (!type.isInstance(e) && !(e instanceof RuntimeDisposedException)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + e, e);
        }
    }
}
