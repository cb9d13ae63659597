package org.cleanhost.wasm;

import java.time.Duration;

/**
 * Run by {@link HostErrorsTest#realOutOfMemoryErrorsEndTypedInASmallHeap} in a JVM with a small heap: provokes
 * real OutOfMemoryErrors while instantiating and inside memory.grow, prints how each ended, exits 1 if anything
 * untyped escaped.
 */
final class OutOfMemoryProbe {
    private OutOfMemoryProbe() {}

    public static void main(String[] args) {
        byte[] grow = Guests.bytes("grow");
        CleanModule big = CleanModule.load(HostErrorsTest.withCleanMemory(grow, "{\"initial_pages\":4000,\"max_pages\":4000}"),
                ExecutionMode.INTERPRETED);
        boolean typed = run("instantiate", () -> CleanHost.builder(big).console(text -> {}).build().newInstance());
        for (ExecutionMode mode : args.length > 0 ? new ExecutionMode[] {ExecutionMode.valueOf(args[0])} : ExecutionMode.values()) {
            CleanHost host = CleanHost.builder(CleanModule.load(grow, mode)).maxMemoryPages(CleanHost.MAX_MEMORY_PAGES)
                    .defaultDeadline(Duration.ofSeconds(60)).console(text -> {}).build();
            CleanInstance instance = host.newInstance();
            typed &= run("grow " + mode, () -> instance.call("grow", Integer.class, 32_000));
            if (!instance.isBroken()) {
                System.out.println("grow " + mode + ": the instance was not marked broken");
                typed = false;
            }
            typed &= run("fresh instance " + mode, () -> {
                if (host.newInstance().call("grow", Integer.class, 1) != 1) {
                    throw new IllegalStateException("a fresh instance did not grow");
                }
            });
        }
        System.out.println(typed ? "still serving" : "UNTYPED FAILURES");
        System.exit(typed ? 0 : 1);
    }

    private static boolean run(String what, Runnable action) {
        try {
            action.run();
            System.out.println(what + ": ok");
            return true;
        } catch (CleanException e) {
            System.out.println(what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (cause " + e.getCause() + ")");
            return true;
        } catch (Throwable e) {
            System.out.println(what + ": UNTYPED " + e);
            e.printStackTrace(System.out);
            return false;
        }
    }
}
