package org.cleanhost.reactor;

/**
 * A snapshot of a {@link CleanRuntime}'s counters, for metrics and leak checks.
 *
 * <p>Futures a Java function resolved at once (its publisher held a ready value, e.g. {@code Mono.just}) are
 * counted in {@code futuresCreated} and {@code futuresResolved} in batches: while a guest call runs, both may
 * lag by up to 64 such futures (alike, so the counts stay consistent); once the call has ended they are exact.
 *
 * @param futuresCreated futures and tasks the guest started, since the runtime was built
 * @param futuresResolved of those, settled with a value
 * @param futuresFailed of those, settled with an error
 * @param futuresCancelled of those, cancelled
 * @param futuresPending not settled yet
 * @param futuresTracked ids the runtime still holds (pending, or settled but not released by the guest)
 * @param guestRunsActive guest calls and guest tasks queued or running
 * @param instancesIdle pooled instances ready for work
 * @param instancesInUse pooled instances running guest code
 * @param instancesCreated instances created since the runtime was built
 * @param instancesDiscarded instances discarded (broken, recycled, or the runtime closed)
 * @param outcomesDropped task outcomes dropped because a {@link CleanRuntime#taskOutcomes(TaskOutcome.Kind...)} subscriber fell a
 *     whole buffer behind (counted per subscriber)
 */
public record RuntimeStats(long futuresCreated, long futuresResolved, long futuresFailed, long futuresCancelled,
        int futuresPending, int futuresTracked, int guestRunsActive, int instancesIdle, int instancesInUse,
        long instancesCreated, long instancesDiscarded, long outcomesDropped) {}
