package org.cleanhost.reactor;

/**
 * A snapshot of a {@link CleanRuntime}'s counters, for metrics and leak checks.
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
