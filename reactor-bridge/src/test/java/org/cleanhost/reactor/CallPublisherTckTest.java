package org.cleanhost.reactor;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import reactor.core.publisher.Mono;

/**
 * Reactive Streams TCK for the cold {@code Mono} of {@link CleanRuntime#call}: one element is a call of
 * later_cln033.wat's {@code hello()} (returns "hello"), none is a call of the void {@code nothing()}, and
 * the failed publisher is a call of {@code brokenTask()}, which traps.
 */
public class CallPublisherTckTest extends PublisherVerification<String> {
    private CleanRuntime runtime;

    public CallPublisherTckTest() {
        super(new TestEnvironment(TckSupport.DEFAULT_TIMEOUT_MILLIS, TckSupport.NO_SIGNALS_TIMEOUT_MILLIS));
    }

    @BeforeClass
    public void buildRuntime() {
        runtime = CleanRuntime.builder(Guests.module(Guests.CLN033)).console(TckSupport.SILENT).poolSize(4).warmUp(2).build();
    }

    @AfterClass
    public void noLeaks() {
        TckSupport.assertNoLeaksAndDispose(runtime);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Publisher<String> createPublisher(long elements) {
        if (elements == 0) {
            // a void export completes empty; the Mono<Void> is re-typed, it never emits an element
            return (Publisher<String>) (Publisher<?>) runtime.call("nothing", Void.class);
        }
        return runtime.call("hello", String.class);
    }

    @Override
    public Publisher<String> createFailedPublisher() {
        return runtime.call("brokenTask", String.class);
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1;
    }
}
