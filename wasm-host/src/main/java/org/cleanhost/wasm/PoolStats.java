package org.cleanhost.wasm;

/**
 * A snapshot of an instance pool's counts, for metrics.
 *
 * @param idle instances ready to hand out
 * @param inUse instances handed out and not yet returned
 * @param created instances created since the pool started
 * @param discarded instances thrown away (broken, recycled, or the pool closed)
 */
public record PoolStats(int idle, int inUse, long created, long discarded) {}
