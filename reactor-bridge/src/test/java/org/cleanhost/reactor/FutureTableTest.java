package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

/**
 * The id table under the hot path's shortcuts: futures resolved at creation take ids from a per-call lease and
 * are counted when it is returned; forgotten futures stay in their ring slot until it is reused. None of that
 * may make an id find the wrong future, lose a live one, or skew the counts once calls are over.
 */
class FutureTableTest {
    private static final int RING = 4096;

    private final FutureTable table = new FutureTable(1_000_000, new OutcomeSink(16, null));

    private static CallContext call() {
        return new CallContext(Context.empty(), null, "test");
    }

    @Test
    void resolvedAtCreationIsFoundUntilReleasedThenForgotten() {
        CallContext call = call();
        GuestFuture future = table.createResolved("test", "echo", TaskOutcome.Kind.FUTURE, call, call, "v");
        assertSame(future, table.find(future.id()));
        assertEquals("v", future.value());
        assertEquals(GuestFuture.State.RESOLVED, future.state());
        table.release(future);
        assertNull(table.find(future.id()));
        assertThrows(UnknownFutureException.class, () -> table.require("test", future.id()));
        assertNull(future.owner(), "a forgotten future keeps no call alive");
        assertEquals(0, table.size());
        table.returnLease(call);
        assertEquals(1, table.created());
        assertEquals(1, table.resolved());
        assertEquals(0, table.pending());
    }

    @Test
    void leasedCountsShowWhenTheCallEndsOrABlockIsUsedUp() {
        CallContext call = call();
        for (int i = 0; i < 10; i++) {
            table.release(table.createResolved("test", "echo", TaskOutcome.Kind.FUTURE, call, call, "v"));
        }
        assertEquals(0, table.created(), "counted when the lease is returned");
        assertEquals(table.created(), table.resolved(), "created and resolved lag alike");
        for (int i = 0; i < 100; i++) {
            table.release(table.createResolved("test", "echo", TaskOutcome.Kind.FUTURE, call, call, "v"));
        }
        assertTrue(table.created() >= 64 && table.created() < 110, "a used-up block counts what it gave: " + table.created());
        assertEquals(table.created(), table.resolved());
        table.returnLease(call);
        assertEquals(110, table.created());
        assertEquals(110, table.resolved());
        table.returnLease(call);
        assertEquals(110, table.created(), "returning twice counts nothing twice");
    }

    @Test
    void forgottenSlotsAreReusedAndLiveOnesAreNot() {
        CallContext call = call();
        GuestFuture live = table.create("test", "slow", TaskOutcome.Kind.FUTURE, call);
        List<GuestFuture> laterLive = new ArrayList<>();
        for (int i = 0; i < 3 * RING; i++) {
            GuestFuture f = i % 2 == 0
                    ? table.createResolved("test", "echo", TaskOutcome.Kind.FUTURE, call, call, "v" + i)
                    : table.create("test", "task", TaskOutcome.Kind.FUTURE, call);
            if (i % 1000 == 0) {
                laterLive.add(f); // kept live: their slots are taken by nobody else
            } else {
                table.resolve(f, "done");
                table.release(f);
            }
        }
        assertSame(live, table.find(live.id()), "a live future is never pushed out of the table");
        for (GuestFuture f : laterLive) {
            assertSame(f, table.find(f.id()));
        }
        assertEquals(1 + laterLive.size(), table.size());
        table.resolve(live, "late");
        assertSame(live, table.find(live.id()), "settled but not released: still there");
        table.release(live);
        assertNull(table.find(live.id()));
        laterLive.forEach(table::release);
        laterLive.stream().filter(GuestFuture::isPending).forEach(f -> table.resolve(f, "x"));
        assertEquals(0, table.size());
        assertEquals(0, table.pending());
    }

    @Test
    void releasedWhilePendingStaysUntilSettledAndIsStillAbandonedWithItsOwner() {
        CallContext owner = call();
        owner.owns();
        GuestFuture future = table.create("test", "slow", TaskOutcome.Kind.FUTURE, owner);
        table.release(future);
        assertSame(future, table.find(future.id()), "pending: the work may still settle it");
        assertEquals(1, table.size());
        table.abandonOwnedBy(owner);
        assertEquals(GuestFuture.State.CANCELLED, future.state(), "the dead call's future is cancelled");
        assertNull(table.find(future.id()));
        assertEquals(0, table.size());
        assertEquals(0, table.pending());
        assertFalse(table.resolve(future, "too late"));
    }

    @Test
    void concurrentCallsNeverShareALiveIdOrLoseACount() throws Exception {
        int threads = 4;
        int perThread = 40_000;
        Set<Integer> live = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    CallContext call = call();
                    List<GuestFuture> held = new ArrayList<>();
                    int resolvedHere = 0;
                    for (int i = 0; i < perThread; i++) {
                        GuestFuture f;
                        if (random.nextBoolean()) {
                            f = table.createResolved("test", "echo", TaskOutcome.Kind.FUTURE, call, call, "v");
                        } else {
                            f = table.create("test", "task", TaskOutcome.Kind.FUTURE, call);
                            table.resolve(f, "v");
                        }
                        resolvedHere++;
                        if (!live.add(f.id())) {
                            throw new AssertionError("id " + f.id() + " handed out twice while live");
                        }
                        if (table.find(f.id()) != f) {
                            throw new AssertionError("future " + f.id() + " not found right after creation");
                        }
                        held.add(f);
                        if (held.size() > random.nextInt(1, 300)) { // some live long enough to be lapped by the ring
                            GuestFuture old = held.remove(random.nextInt(held.size()));
                            if (table.find(old.id()) != old) {
                                throw new AssertionError("live future " + old.id() + " lost");
                            }
                            live.remove(old.id());
                            table.release(old);
                        }
                    }
                    for (GuestFuture f : held) {
                        live.remove(f.id());
                        table.release(f);
                    }
                    table.returnLease(call);
                    return resolvedHere;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(total, table.created());
            assertEquals(total, table.resolved());
            assertEquals(0, table.pending());
            assertEquals(0, table.size(), "every released future is forgotten");
        } finally {
            pool.shutdownNow();
        }
    }
}
