package org.cleanhost.spring.boot;

import org.cleanhost.wasm.CleanException;

/**
 * A {@code clean.*} property has a value the runtime cannot use, or names a module that cannot be loaded or
 * linked. Thrown while the auto-configured runtime is built; Spring Boot prints it as a startup failure naming
 * the property, its value and what to do.
 */
public class InvalidCleanPropertyException extends CleanException {
    private static final long serialVersionUID = 1L;

    private final String property;
    private final transient Object value;
    private final String reason;

    /**
     * @param property the full property name, such as {@code clean.pool-size}
     * @param value the bound value, or {@code null} when unset
     * @param reason what is wrong with it, in a few words
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidCleanPropertyException(String property, Object value, String reason, Throwable cause) {
        super("property '" + property + "' = '" + value + "' is invalid: " + reason, cause);
        this.property = property;
        this.value = value;
        this.reason = reason;
    }

    /** @return the full property name, such as {@code clean.pool-size} */
    public String property() {
        return property;
    }

    /** @return the bound value, or {@code null} when unset */
    public Object value() {
        return value;
    }

    /** @return what is wrong with the value */
    public String reason() {
        return reason;
    }
}
