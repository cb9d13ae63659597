package org.cleanhost.reactor;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.SkipException;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * Reactive Streams TCK for {@link CleanRuntime#callForFuture}: one element is ids.wat's {@code own()} (a
 * guest-owned future resolved with "mine"), the failed publisher {@code ownRejected()}. Like
 * {@link FuturePublisherTckTest} there is no empty form, so the optional empty-stream test is skipped.
 */
public class CallForFuturePublisherTckTest extends PublisherVerification<String> {
    private CleanRuntime runtime;

    public CallForFuturePublisherTckTest() {
        super(new TestEnvironment(TckSupport.DEFAULT_TIMEOUT_MILLIS, TckSupport.NO_SIGNALS_TIMEOUT_MILLIS));
    }

    @BeforeClass
    public void buildRuntime() {
        runtime = CleanRuntime.builder(Guests.module(Guests.IDS)).console(TckSupport.SILENT).poolSize(4).warmUp(2).build();
    }

    @AfterClass
    public void noLeaks() {
        TckSupport.assertNoLeaksAndDispose(runtime);
    }

    @Override
    public Publisher<String> createPublisher(long elements) {
        return runtime.callForFuture("own");
    }

    @Override
    public Publisher<String> createFailedPublisher() {
        return runtime.callForFuture("ownRejected");
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1;
    }

    @Override
    public void optional_spec105_emptyStreamMustTerminateBySignallingOnComplete() {
        throw new SkipException("a guest future always settles with a value or an error; it cannot be empty");
    }
}
