package org.cleanhost.reactor;

/** Where tasks that run guest exports execute. */
public enum TaskIsolation {
    /**
     * Each task runs on its own pooled instance (isolated memory; arguments and results copied by value)
     * on the runtime's scheduler, in parallel with its caller. A task instance does not run the program's
     * entry point and does not share its caller's state: module-level state a task sees is the module's
     * initial state plus whatever earlier calls on that pooled instance left (instances are reused). When no
     * instance is free for a task its caller is waiting on, the caller's thread runs it on the caller's
     * own instance (so a pool of one cannot deadlock). The default.
     */
    ISOLATED,
    /**
     * Tasks run on the caller's own instance, sharing its state: when the caller awaits them, or else
     * when the caller's export returns (before its {@code Mono} completes). No parallelism between guest
     * tasks; Java functions still run concurrently.
     */
    SHARED_INSTANCE
}
