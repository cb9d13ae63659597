package org.cleanhost.wasm;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Interrupts a thread running guest code when its deadline passes. One daemon thread serves the
 * whole JVM; an armed deadline costs one small object.
 *
 * <p><b>Why not a {@code ScheduledThreadPoolExecutor}.</b> Deadlines are armed on the guest's own thread,
 * which may be deep in a recursion (a guest awaiting tasks that await tasks). An executor's queue is a
 * heap under a lock that the arming thread manipulates itself; a {@link StackOverflowError} in the middle
 * of that left the lock held or the heap corrupt, and from then on every deadline in the JVM hung or
 * threw {@code NullPointerException} (issue 10, {@code DeadlineTimerTest}). Here the arming thread only
 * appends to a lock-free queue, which an overflow cannot leave inconsistent, and only the timer's own
 * thread, on its own shallow stack, keeps the deadlines ordered. {@link Armed#disarm()} touches no shared
 * structure at all. The timer thread survives anything a step throws; should it die anyway, the next
 * {@link #arm} starts a new one, which continues with the same deadlines.
 *
 * <p>The interrupt and the disarm are serialized on the {@link Armed} object, so an interrupt can
 * never land on a thread after its call has finished and moved on to other work.
 */
final class DeadlineTimer {
    /** Deadlines armed and not yet seen by the timer thread. */
    private static final ConcurrentLinkedQueue<Armed> INBOX = new ConcurrentLinkedQueue<>();
    /** Deadlines seen by the timer thread, earliest first. Touched only by the (single, current) timer thread. */
    private static final PriorityQueue<Armed> PENDING = new PriorityQueue<>((a, b) -> Long.compare(a.at - b.at, 0));
    /** Wake the timer thread after this many arms, so that disarmed deadlines do not pile up in the inbox. */
    private static final int DRAIN_EVERY = 4096;
    private static final long AWAKE = Long.MIN_VALUE;
    private static final long IDLE = Long.MAX_VALUE;
    private static final AtomicInteger ARMS = new AtomicInteger();
    /** When the timer thread will next wake on its own ({@link System#nanoTime}), or AWAKE / IDLE. */
    private static volatile long sleepingUntil = AWAKE;
    private static volatile Thread worker;
    private static int purgeAbove = 1024;

    private DeadlineTimer() {}

    /**
     * Arms a deadline for the current thread. Always {@link Armed#disarm() disarm} it in a finally block.
     * If this throws (a {@link StackOverflowError} at the edge of the stack), nothing was armed.
     *
     * @param deadline positive; durations beyond a century are treated as a century
     * @return the armed deadline
     */
    static Armed arm(Duration deadline) {
        long nanos;
        try {
            nanos = Math.max(1, Math.min(deadline.toNanos(), Long.MAX_VALUE / 4));
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 4;
        }
        Armed armed = new Armed(Thread.currentThread(), System.nanoTime() + nanos);
        try {
            INBOX.offer(armed);
            Thread current = worker;
            if (current == null) {
                current = start();
            }
            long until = sleepingUntil;
            if ((ARMS.incrementAndGet() % DRAIN_EVERY) == 0 || until == IDLE || (until != AWAKE && armed.at - until < 0)) {
                LockSupport.unpark(current);
            }
        } catch (Throwable e) {
            armed.abandon(); // never fires: the caller did not get it and cannot disarm it
            throw e;
        }
        return armed;
    }

    private static synchronized Thread start() {
        Thread current = worker;
        if (current == null || !current.isAlive()) {
            current = new Thread(DeadlineTimer::serve, "clean-deadline-timer");
            current.setDaemon(true);
            worker = current;
            current.start();
        }
        return current;
    }

    /** The timer thread: fires due deadlines and sleeps until the next one. Never lets a step's failure end it. */
    private static void serve() {
        try {
            while (true) {
                try {
                    step();
                } catch (Throwable e) {
                    sleepingUntil = AWAKE;
                    LockSupport.parkNanos(1_000_000); // e.g. an OutOfMemoryError growing the queue: retry shortly
                }
            }
        } finally {
            worker = null; // the next arm starts a new timer thread; PENDING and INBOX carry over
        }
    }

    private static void step() {
        sleepingUntil = AWAKE;
        for (Armed a; (a = INBOX.poll()) != null; ) {
            if (!a.finished) {
                PENDING.add(a);
            }
        }
        long now = System.nanoTime();
        for (Armed head; (head = PENDING.peek()) != null; ) {
            if (!head.finished && head.at - now > 0) {
                break;
            }
            PENDING.poll();
            head.fire();
        }
        if (PENDING.size() > purgeAbove) { // disarmed deadlines far in the future: drop them in one pass
            PENDING.removeIf(a -> a.finished);
            purgeAbove = Math.max(1024, PENDING.size() * 2);
        }
        Armed next = PENDING.peek();
        sleepingUntil = next == null ? IDLE : next.at;
        if (!INBOX.isEmpty()) {
            return; // armed while we looked: serve it before sleeping (arm saw AWAKE and did not wake us)
        }
        if (next == null) {
            LockSupport.park(DeadlineTimer.class);
        } else {
            LockSupport.parkNanos(DeadlineTimer.class, next.at - now);
        }
    }

    static final class Armed {
        private final Thread thread;
        private final long at;
        private volatile boolean finished;
        private boolean fired;
        private boolean cleared;

        private Armed(Thread thread, long at) {
            this.thread = thread;
            this.at = at;
        }

        private synchronized void fire() {
            if (!finished) {
                finished = true;
                fired = true;
                thread.interrupt();
            }
        }

        private void abandon() {
            finished = true;
        }

        /**
         * Stops the deadline. Returns whether it fired; if it did, the interrupt it caused is cleared
         * from the current thread. Safe to call more than once; touches no shared structure.
         */
        synchronized boolean disarm() {
            finished = true;
            if (fired && !cleared) {
                cleared = true;
                Thread.interrupted();
            }
            return fired;
        }
    }
}
