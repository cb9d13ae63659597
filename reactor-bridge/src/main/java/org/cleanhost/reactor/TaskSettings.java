package org.cleanhost.reactor;

import java.time.Duration;

/**
 * The runtime settings guest work reads while it runs (the facade's builder holds the rest).
 *
 * @param deadline per guest call and task, {@code null} for none
 * @param isolation where guest tasks run
 * @param maxTaskDepth how deep tasks may nest (a task started while another runs is one level deeper)
 */
record TaskSettings(Duration deadline, TaskIsolation isolation, int maxTaskDepth) {}
