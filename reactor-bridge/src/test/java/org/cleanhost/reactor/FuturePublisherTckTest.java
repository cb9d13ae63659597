package org.cleanhost.reactor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.SkipException;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * Reactive Streams TCK for the hot, replaying {@code Mono} of {@link CleanRuntime#future}. Each publisher
 * is a fresh guest-owned future (ids.wat {@code ownPending()}) that another guest call resolves
 * ({@code settle(id, value)}) concurrently with the TCK subscribing, so subscribers see it both before and
 * after it settles. The failed publisher is a future the guest rejected ({@code ownRejected()}).
 *
 * <p>A future always settles with one value or an error, so it has no empty form: for
 * {@code createPublisher(0)} (used only by the §1.9 tests, which never request) it returns a one-element
 * future, and the optional empty-stream test is skipped.
 */
public class FuturePublisherTckTest extends PublisherVerification<String> {
    private CleanRuntime runtime;
    private final List<Long> ids = new CopyOnWriteArrayList<>();

    public FuturePublisherTckTest() {
        super(new TestEnvironment(TckSupport.DEFAULT_TIMEOUT_MILLIS, TckSupport.NO_SIGNALS_TIMEOUT_MILLIS));
    }

    @BeforeClass
    public void buildRuntime() {
        runtime = CleanRuntime.builder(Guests.module(Guests.IDS)).console(TckSupport.SILENT).poolSize(4).warmUp(2).build();
    }

    @AfterClass
    public void releaseAndCheckForLeaks() {
        for (long id : ids) {
            runtime.call("release", Void.class, id).block();
        }
        TckSupport.assertNoLeaksAndDispose(runtime);
    }

    @Override
    public Publisher<String> createPublisher(long elements) {
        long id = runtime.call("ownPending", Long.class).block();
        ids.add(id);
        runtime.call("settle", Integer.class, id, "value of " + id).subscribe();
        return runtime.future(id);
    }

    @Override
    public Publisher<String> createFailedPublisher() {
        long id = runtime.call("ownRejected", Long.class).block();
        ids.add(id);
        return runtime.future(id);
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
