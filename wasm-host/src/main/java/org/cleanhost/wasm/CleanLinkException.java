package org.cleanhost.wasm;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Imports that the host cannot satisfy. Thrown once per link with every problem listed, so a module
 * with three bad imports is diagnosed in one run. In lenient mode it is thrown when the guest calls
 * an unresolved import instead.
 */
public final class CleanLinkException extends CleanException {
    private static final long serialVersionUID = 1L;

    /**
     * One import the host cannot bind.
     *
     * @param module the import's module, e.g. {@code env}
     * @param name the import's name
     * @param declared the type the module declares, e.g. {@code (i32, i32) -> ()}
     * @param offered what the host offers under that name, or {@code null} when it offers nothing
     * @param reason why it did not bind, including which component provides it where that helps
     */
    public record Problem(String module, String name, String declared, String offered, String reason) {
        @Override
        public String toString() {
            return module + "." + name + " " + declared + ": " + reason
                    + (offered == null ? "" : " (host offers " + offered + ")");
        }
    }

    private final transient List<Problem> problems;

    public CleanLinkException(List<Problem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every import that failed to bind, in module order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        return problems.size() + " import(s) cannot be linked:"
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }
}
