package org.cleanhost.reactor;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * {@link CleanRuntime#taskOutcomes}: one hot hub, and in front of every subscriber a bounded buffer of its own
 * that drops the oldest outcome when that subscriber falls {@code bufferSize} behind. A drop is counted
 * ({@link RuntimeStats#outcomesDropped()}) and logged at debug; nothing is dropped silently and no subscriber
 * slows the tasks. Failed background tasks are also logged, once, at a configurable level.
 */
final class OutcomeSink {
    private static final Logger LOG = LoggerFactory.getLogger(CleanRuntime.class);

    private final Sinks.Many<TaskOutcome> hub = Sinks.many().multicast().directBestEffort();
    private final Object emitLock = new Object();
    private final int bufferSize;
    private final Level backgroundFailureLevel;
    private final LongAdder dropped = new LongAdder();

    /** @param backgroundFailureLevel where failed background tasks are logged, {@code null} for nowhere */
    OutcomeSink(int bufferSize, Level backgroundFailureLevel) {
        this.bufferSize = bufferSize;
        this.backgroundFailureLevel = backgroundFailureLevel;
    }

    Flux<TaskOutcome> flux(Set<TaskOutcome.Kind> kinds) {
        Flux<TaskOutcome> all = hub.asFlux();
        Flux<TaskOutcome> selected = kinds.containsAll(EnumSet.allOf(TaskOutcome.Kind.class))
                ? all : all.filter(outcome -> kinds.contains(outcome.kind()));
        return selected.onBackpressureBuffer(bufferSize, this::droppedOne, BufferOverflowStrategy.DROP_OLDEST);
    }

    private void droppedOne(TaskOutcome outcome) {
        dropped.increment();
        LOG.debug("taskOutcomes(): a subscriber fell {} outcomes behind; dropped the oldest, {}", bufferSize, outcome);
    }

    void publish(GuestFuture future) {
        boolean failedInBackground = future.kind() == TaskOutcome.Kind.BACKGROUND && future.failure() != null;
        if (failedInBackground && backgroundFailureLevel != null) {
            Throwable error = future.failure();
            LOG.atLevel(backgroundFailureLevel).log("background task '{}' (id {}) failed: {}: {}",
                    future.task(), future.id(), error.getClass().getSimpleName(), error.getMessage());
            LOG.debug("background task '{}' (id {}) failure", future.task(), future.id(), error);
        }
        if (hub.currentSubscriberCount() == 0) {
            return; // nobody listens: do not even build the outcome
        }
        TaskOutcome outcome = TaskOutcome.of(future, Duration.ofNanos(future.elapsedNanos()));
        synchronized (emitLock) { // Sinks need serialized emission; every subscriber has unbounded demand (its buffer)
            hub.tryEmitNext(outcome);
        }
    }

    long dropped() {
        return dropped.sum();
    }
}
