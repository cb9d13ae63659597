package org.cleanhost.spring.boot;

import java.time.Duration;
import org.cleanhost.reactor.TaskIsolation;
import org.cleanhost.wasm.ExecutionMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * The {@code clean.*} settings of the auto-configured {@link org.cleanhost.reactor.CleanRuntime}. Values are
 * checked when the runtime is built; a bad one fails startup with a message naming the property
 * ({@link InvalidCleanPropertyException}). Not used when the application defines its own runtime bean.
 */
@ConfigurationProperties("clean")
public class CleanProperties {

    /** Where the guest's .wasm is: classpath:app.wasm, file:/path/app.wasm or a URL. Required. */
    private Resource module;

    /** How the module runs: COMPILED (Chicory's runtime compiler) or INTERPRETED. */
    private ExecutionMode executionMode = ExecutionMode.COMPILED;

    /** How many guest instances may exist, and so run, at once. Default: the number of cores, at least 2. */
    private int poolSize = Math.max(2, Runtime.getRuntime().availableProcessors());

    /** How many instances to create at startup (at most pool-size). */
    private int warmUp = 0;

    /** How long one guest call or task may run before it is stopped (CleanTimeoutException). None when unset. */
    private Duration deadline;

    /** Where tasks that run guest exports execute: ISOLATED (own instance) or SHARED_INSTANCE (caller's). */
    private TaskIsolation taskIsolation = TaskIsolation.ISOLATED;

    /** Leave imports this host does not provide unbound (they trap when called) instead of failing startup. */
    private boolean lenientImports = false;

    /** Largest linear memory an instance may grow to (64 KiB pages, rounded down). The module's own maximum when unset. */
    private DataSize maxMemory;

    /** How many guest futures and tasks may be pending at once before starting one more fails the guest call. */
    private int maxPendingFutures = 100_000;

    private final Queue queue = new Queue();

    private final Recycle recycle = new Recycle();

    private final Console console = new Console();

    private final Shutdown shutdown = new Shutdown();

    private final Web web = new Web();

    /** @return where the guest's .wasm is, or {@code null} when unset */
    public Resource getModule() {
        return module;
    }

    /** @param module where the guest's .wasm is */
    public void setModule(Resource module) {
        this.module = module;
    }

    /** @return how the module runs */
    public ExecutionMode getExecutionMode() {
        return executionMode;
    }

    /** @param executionMode how the module runs */
    public void setExecutionMode(ExecutionMode executionMode) {
        this.executionMode = executionMode;
    }

    /** @return how many guest instances may exist at once */
    public int getPoolSize() {
        return poolSize;
    }

    /** @param poolSize how many guest instances may exist at once */
    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    /** @return how many instances to create at startup */
    public int getWarmUp() {
        return warmUp;
    }

    /** @param warmUp how many instances to create at startup */
    public void setWarmUp(int warmUp) {
        this.warmUp = warmUp;
    }

    /** @return the per call and per task deadline, or {@code null} for none */
    public Duration getDeadline() {
        return deadline;
    }

    /** @param deadline the per call and per task deadline, {@code null} for none */
    public void setDeadline(Duration deadline) {
        this.deadline = deadline;
    }

    /** @return where guest tasks run */
    public TaskIsolation getTaskIsolation() {
        return taskIsolation;
    }

    /** @param taskIsolation where guest tasks run */
    public void setTaskIsolation(TaskIsolation taskIsolation) {
        this.taskIsolation = taskIsolation;
    }

    /** @return whether unknown imports are left unbound */
    public boolean isLenientImports() {
        return lenientImports;
    }

    /** @param lenientImports whether unknown imports are left unbound */
    public void setLenientImports(boolean lenientImports) {
        this.lenientImports = lenientImports;
    }

    /** @return the memory cap per instance, or {@code null} for the module's own maximum */
    public DataSize getMaxMemory() {
        return maxMemory;
    }

    /** @param maxMemory the memory cap per instance, {@code null} for the module's own maximum */
    public void setMaxMemory(DataSize maxMemory) {
        this.maxMemory = maxMemory;
    }

    /** @return how many futures and tasks may be pending at once */
    public int getMaxPendingFutures() {
        return maxPendingFutures;
    }

    /** @param maxPendingFutures how many futures and tasks may be pending at once */
    public void setMaxPendingFutures(int maxPendingFutures) {
        this.maxPendingFutures = maxPendingFutures;
    }

    /** @return the {@code clean.queue.*} settings */
    public Queue getQueue() {
        return queue;
    }

    /** @return the {@code clean.recycle.*} settings */
    public Recycle getRecycle() {
        return recycle;
    }

    /** @return the {@code clean.console.*} settings */
    public Console getConsole() {
        return console;
    }

    /** @return the {@code clean.shutdown.*} settings */
    public Shutdown getShutdown() {
        return shutdown;
    }

    /** @return the {@code clean.web.*} settings */
    public Web getWeb() {
        return web;
    }

    /** Calls waiting for a free instance. */
    public static class Queue {

        /** How long a call may wait for a free instance before failing with CleanBusyException (HTTP 503). */
        private Duration timeout = Duration.ofSeconds(30);

        /** How many calls may wait for an instance at once; one more fails at once with CleanBusyException. */
        private int maxPending = 10_000;

        /** @return how long a call may wait for an instance */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout how long a call may wait for an instance */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /** @return how many calls may wait at once */
        public int getMaxPending() {
            return maxPending;
        }

        /** @param maxPending how many calls may wait at once */
        public void setMaxPending(int maxPending) {
            this.maxPending = maxPending;
        }
    }

    /** When pooled instances are replaced by fresh ones. */
    public static class Recycle {

        /** Replace an instance after this many calls. */
        private long afterCalls = 10_000;

        /** Replace an instance once its memory grew by this much. */
        private DataSize afterMemoryGrowth = DataSize.ofMegabytes(50);

        /** @return the calls after which an instance is replaced */
        public long getAfterCalls() {
            return afterCalls;
        }

        /** @param afterCalls the calls after which an instance is replaced */
        public void setAfterCalls(long afterCalls) {
            this.afterCalls = afterCalls;
        }

        /** @return the memory growth after which an instance is replaced */
        public DataSize getAfterMemoryGrowth() {
            return afterMemoryGrowth;
        }

        /** @param afterMemoryGrowth the memory growth after which an instance is replaced */
        public void setAfterMemoryGrowth(DataSize afterMemoryGrowth) {
            this.afterMemoryGrowth = afterMemoryGrowth;
        }
    }

    /** Guest output. */
    public static class Console {

        /** SLF4J logger that receives the guest's print/printl (INFO, one record per call) and env.error (WARN). */
        private String logger = "clean.guest";

        /** @return the logger name */
        public String getLogger() {
            return logger;
        }

        /** @param logger the logger name */
        public void setLogger(String logger) {
            this.logger = logger;
        }
    }

    /** Closing the runtime with the application context. */
    public static class Shutdown {

        /** How long in-flight guest calls and tasks may go on draining at shutdown before the runtime is disposed. */
        private Duration timeout = Duration.ofSeconds(10);

        /** @return the drain timeout */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the drain timeout */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** Web integration. */
    public static class Web {

        /** Map CleanException subtypes thrown by handlers to RFC 9457 problem details (trap 500, timeout 504, busy 503...). */
        private boolean problemDetails = false;

        /** How often the task-outcome Server-Sent Event stream sends a heartbeat comment. */
        private Duration heartbeat = Duration.ofSeconds(15);

        /** @return whether problem details are mapped */
        public boolean isProblemDetails() {
            return problemDetails;
        }

        /** @param problemDetails whether problem details are mapped */
        public void setProblemDetails(boolean problemDetails) {
            this.problemDetails = problemDetails;
        }

        /** @return the heartbeat interval */
        public Duration getHeartbeat() {
            return heartbeat;
        }

        /** @param heartbeat the heartbeat interval */
        public void setHeartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
        }
    }
}
