package org.cleanhost.reactor;

import org.cleanhost.wasm.AsyncHost;
import reactor.core.Disposable;
import reactor.core.publisher.MonoSink;

/**
 * {@link CleanRuntime#callForFuture}: receives the future id straight from the guest run (no Reactor sink in
 * between, which could drop it) and follows that future. Whenever the subscriber cancels — before the id,
 * as it arrives, or after — the export is interrupted if still running, and the future is cancelled if
 * pending and its id released: the id is never lost.
 */
final class FutureOfCall implements GuestFuture.Listener {
    private final FutureTable futures;
    private final MonoSink<String> sink;
    private final String export;
    // Guarded by this.
    private boolean cancelled;
    private GuestFuture future;
    private Disposable run;

    FutureOfCall(FutureTable futures, MonoSink<String> sink, String export) {
        this.futures = futures;
        this.sink = sink;
        this.export = export;
    }

    /** The guest run computing the id; disposed if the subscriber cancels first. */
    void follow(Disposable guestRun) {
        boolean stop;
        synchronized (this) {
            run = guestRun;
            stop = cancelled;
        }
        if (stop) {
            guestRun.dispose();
        }
    }

    /** The export returned {@code futureId}. */
    void idArrived(Long futureId) {
        GuestFuture found = futures.find(futureId);
        boolean abandon;
        synchronized (this) {
            abandon = cancelled;
            if (!abandon) {
                future = found;
            }
        }
        if (found == null || found.isReleased()) {
            if (!abandon) {
                sink.error(new UnknownFutureException("result of export '" + export + "'", futureId));
            }
        } else if (abandon) {
            found.abandon();
        } else {
            found.listen(this);
        }
    }

    /** The export failed. */
    void callFailed(Throwable error) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
        }
        sink.error(error);
    }

    @Override
    public void settled(GuestFuture settled) {
        futures.release(settled);
        synchronized (this) {
            if (cancelled) {
                return;
            }
        }
        if (settled.state() == AsyncHost.RESOLVED) {
            sink.success(settled.value());
        } else {
            sink.error(settled.failure());
        }
    }

    /** The subscriber cancelled. */
    void cancel() {
        GuestFuture known;
        Disposable running;
        synchronized (this) {
            cancelled = true;
            known = future;
            running = run;
        }
        if (running != null) {
            running.dispose(); // still running the export: interrupt it
        }
        if (known != null) {
            known.unlisten(this);
            known.abandon();
        }
    }
}
