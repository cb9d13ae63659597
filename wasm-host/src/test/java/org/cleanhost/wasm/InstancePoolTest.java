package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** InstancePool and InstanceLifecycle over guests/pool.wat: exclusive hand-out, refill, recycle, limits. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InstancePoolTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static CleanHost host(GuestConsole console) {
        return CleanHost.builder(Guests.module("pool", ExecutionMode.COMPILED)).console(console).build();
    }

    @Test
    void eightThreadsShareThreeInstancesWithoutEverOverlapping() throws Exception {
        Map<CleanInstance, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        ThreadLocal<CleanInstance> current = new ThreadLocal<>();
        AtomicInteger overlaps = new AtomicInteger();
        LongAdder printed = new LongAdder();
        // The guest calls env.print in the middle of every call: check, from inside the instance, that the
        // instance this thread holds has exactly one caller, and give other threads time to collide.
        GuestConsole console = text -> {
            CleanInstance mine = current.get();
            if (mine == null || inFlight.get(mine).get() != 1) {
                overlaps.incrementAndGet();
            }
            printed.increment();
            Thread.yield();
        };
        InstancePool pool = new InstancePool(InstanceLifecycle.withDefaults(host(console)), 3, 0);
        int threads = 8;
        int callsPerThread = 200;
        Set<CleanInstance> seen = ConcurrentHashMap.newKeySet();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(executor.submit(() -> {
                    go.await();
                    int ok = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        String request = "thread " + thread + " call " + i + " ✓";
                        String response = pool.withInstance(WAIT, instance -> {
                            seen.add(instance);
                            AtomicInteger counter = inFlight.computeIfAbsent(instance, k -> new AtomicInteger());
                            if (counter.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            current.set(instance);
                            try {
                                return instance.call("handle", String.class, request);
                            } finally {
                                current.remove();
                                counter.decrementAndGet();
                            }
                        });
                        if (request.equals(response)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            go.countDown();
            for (Future<Integer> result : results) {
                assertEquals(callsPerThread, result.get(20, TimeUnit.SECONDS), "every caller got its own string back");
            }
        } finally {
            executor.shutdownNow();
        }
        assertEquals(0, overlaps.get(), "no two threads were ever inside one instance");
        assertEquals(threads * callsPerThread, printed.sum());
        PoolStats stats = pool.stats();
        assertTrue(stats.created() <= 3, "created " + stats.created());
        assertEquals(stats.created(), seen.size());
        assertEquals(0, stats.discarded());
        assertEquals(0, stats.inUse());
        assertEquals(stats.created(), stats.idle());
        long handled = 0;
        long hostCalls = 0;
        for (CleanInstance instance : seen) {
            hostCalls += instance.callCount();
            handled += instance.call("calls", Integer.class); // the guest's own count (all workers are done)
        }
        assertEquals(threads * callsPerThread, handled, "the guests ran handle exactly once per request");
        assertEquals(threads * callsPerThread, hostCalls, "and the host counted each call on exactly one instance");
        pool.close();
        assertEquals(stats.created(), pool.stats().discarded());
    }

    @Test
    void aTrappedInstanceIsDiscardedAndThePoolRefills() {
        InstancePool pool = new InstancePool(InstanceLifecycle.withDefaults(host(t -> {})), 1, 1);
        assertEquals(new PoolStats(1, 0, 1, 0), pool.stats());
        CleanInstance first = pool.withInstance(WAIT, i -> {
            assertEquals("a", i.call("handle", String.class, "a"));
            return i;
        });
        assertThrows(CleanTrapException.class, () -> pool.withInstance(WAIT, i -> i.call("boom", Void.class)));
        assertTrue(first.isBroken());
        assertEquals(1, pool.stats().discarded());
        assertEquals(0, pool.stats().idle());

        CleanInstance second = pool.withInstance(WAIT, i -> {
            assertEquals("b", i.call("handle", String.class, "b"));
            assertEquals(1, i.call("calls", Integer.class), "a fresh instance: module state starts over");
            return i;
        });
        assertNotSame(first, second);
        assertFalse(second.isBroken());
        assertEquals(new PoolStats(1, 0, 2, 1), pool.stats());
    }

    @Test
    void instancesAreRecycledAfterMaxCalls() {
        InstanceLifecycle lifecycle = new InstanceLifecycle(host(t -> {}), 5, Long.MAX_VALUE);
        InstancePool pool = new InstancePool(lifecycle, 1, 0);
        List<CleanInstance> used = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String request = "r" + i;
            assertEquals(request, pool.withInstance(WAIT, instance -> {
                if (used.isEmpty() || used.get(used.size() - 1) != instance) {
                    used.add(instance);
                }
                return instance.call("handle", String.class, request);
            }));
        }
        assertEquals(3, used.size(), "calls 1-5, 6-10 and 11-12 each on their own instance");
        assertTrue(used.get(0).isBroken() && used.get(1).isBroken(), "recycled instances are retired");
        assertEquals(3, lifecycle.created());
        assertEquals(2, lifecycle.discarded());
        assertEquals(new PoolStats(1, 0, 3, 2), pool.stats());
    }

    @Test
    void lifecycleReusabilityRules() {
        InstanceLifecycle lifecycle = new InstanceLifecycle(host(t -> {}), 2, 0);
        CleanInstance instance = lifecycle.create();
        assertTrue(lifecycle.isReusable(instance));
        instance.call("handle", String.class, "x");
        assertTrue(lifecycle.isReusable(instance));
        instance.call("handle", String.class, "x".repeat(200_000)); // grows memory past 0 bytes of allowance
        assertFalse(lifecycle.isReusable(instance), "two calls, and memory grew");
        assertThrows(IllegalArgumentException.class, () -> new InstanceLifecycle(lifecycle.host(), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new InstanceLifecycle(lifecycle.host(), 1, -1));
    }

    @Test
    void memoryGrowthBeyondTheLimitRecyclesTheInstance() {
        InstanceLifecycle lifecycle = new InstanceLifecycle(host(t -> {}), 1000, 64 * 1024);
        InstancePool pool = new InstancePool(lifecycle, 1, 0);
        CleanInstance small = pool.withInstance(WAIT, i -> {
            i.call("handle", String.class, "tiny");
            return i;
        });
        CleanInstance again = pool.withInstance(WAIT, i -> {
            i.call("handle", String.class, "x".repeat(300_000)); // 2 -> 6 pages: 256 KiB of growth
            return i;
        });
        assertSame(small, again);
        assertTrue(again.memoryGrowthBytes() > 64 * 1024);
        assertEquals(1, pool.stats().discarded());
        CleanInstance fresh = pool.withInstance(WAIT, i -> i);
        assertNotSame(again, fresh);
    }

    @Test
    void releasingTwiceIsRejectedAndDoesNotWidenThePool() {
        InstancePool pool = new InstancePool(InstanceLifecycle.withDefaults(host(t -> {})), 1, 0);
        CleanInstance instance = pool.acquire(Duration.ofSeconds(1));
        pool.release(instance);
        assertThrows(IllegalStateException.class, () -> pool.release(instance));
        CleanInstance again = pool.acquire(Duration.ofSeconds(1));
        assertThrows(CleanBusyException.class, () -> pool.acquire(Duration.ofMillis(50)), "still one instance at most");
        pool.release(again);
    }

    @Test
    void acquireTimesOutWhenEveryInstanceIsBusy() {
        InstancePool pool = new InstancePool(InstanceLifecycle.withDefaults(host(t -> {})), 1, 0);
        CleanInstance held = pool.acquire(WAIT);
        long start = System.nanoTime();
        CleanBusyException busy = assertThrows(CleanBusyException.class, () -> pool.acquire(Duration.ofMillis(100)));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 90 && waitedMs < 3_000, "waited " + waitedMs + " ms");
        assertTrue(busy.getMessage().contains("100 ms"), busy.getMessage());
        assertEquals(1, pool.stats().inUse());
        pool.release(held);
        assertSame(held, pool.acquire(Duration.ofMillis(100)), "the released instance is handed out again");
    }

    @Test
    void warmUpCreatesInstancesEagerly() {
        InstanceLifecycle lifecycle = InstanceLifecycle.withDefaults(host(t -> {}));
        InstancePool pool = new InstancePool(lifecycle, 4, 3);
        assertEquals(3, lifecycle.created());
        assertEquals(new PoolStats(3, 0, 3, 0), pool.stats());
        CleanInstance a = pool.acquire(WAIT);
        CleanInstance b = pool.acquire(WAIT);
        CleanInstance c = pool.acquire(WAIT);
        assertEquals(3, lifecycle.created(), "warm instances are used before new ones are made");
        CleanInstance d = pool.acquire(WAIT);
        assertEquals(4, lifecycle.created());
        assertEquals(4, Set.of(a, b, c, d).size());
        assertThrows(IllegalArgumentException.class, () -> new InstancePool(lifecycle, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new InstancePool(lifecycle, 0, 0));
    }

    @Test
    void closeDiscardsIdleInstancesAndLaterReleases() {
        InstanceLifecycle lifecycle = InstanceLifecycle.withDefaults(host(t -> {}));
        InstancePool pool = new InstancePool(lifecycle, 3, 3);
        CleanInstance inUse = pool.acquire(WAIT);
        pool.close();
        assertEquals(2, lifecycle.discarded(), "the two idle instances");
        assertEquals(0, pool.stats().idle());
        assertThrows(IllegalStateException.class, () -> pool.acquire(WAIT));
        assertEquals("late", inUse.call("handle", String.class, "late"), "an instance in use keeps working until released");
        pool.release(inUse);
        assertEquals(3, lifecycle.discarded(), "released after close: discarded, not pooled");
        assertTrue(inUse.isBroken());
        assertEquals(0, pool.stats().idle());
        assertEquals(0, pool.stats().inUse());
    }

    @Test
    void anInstanceRejectsASecondThreadWhileOneIsInside() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GuestConsole blocking = text -> {
            if (text.equals("block")) {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CleanInstance instance = host(blocking).newInstance();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<String> first = executor.submit(() -> instance.call("handle", String.class, "block"));
            assertTrue(inside.await(5, TimeUnit.SECONDS), "the first call is inside the guest");

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> instance.call("handle", String.class, "intruder"));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> instance.call("calls", Integer.class));

            release.countDown();
            assertEquals("block", first.get(5, TimeUnit.SECONDS), "the first call was not disturbed");
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
        assertFalse(instance.isBroken(), "the rejected intruder did not break the instance");
        assertEquals("after", instance.call("handle", String.class, "after"), "now this thread may enter");
        assertEquals(2, instance.call("calls", Integer.class), "the intruder never ran guest code");
    }
}
