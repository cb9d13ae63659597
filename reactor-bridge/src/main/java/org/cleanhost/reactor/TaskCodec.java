package org.cleanhost.reactor;

import java.util.List;

/**
 * How task arguments and Java function results cross between the guest (JSON text) and Java values. The
 * runtime handles the ABI's fixed cases itself: a function result that is a {@link String} passes as is,
 * a {@link Number} or {@link Boolean} as its Clean text, {@code null} or an empty publisher as {@code ""}; only
 * other objects reach {@link #encode}. Plug in the application's JSON mapper with
 * {@link CleanRuntime.Builder#taskCodec} (the Spring Boot starter uses the application's Jackson 3
 * {@code JsonMapper}, so Java function results follow its settings); the default is {@link #defaults()}.
 *
 * <p><b>Threading.</b> Called concurrently from guest threads and from the threads Java function publishers
 * emit on: implementations must be thread-safe and should not block.
 */
public interface TaskCodec {

    /**
     * Decodes the JSON array the guest passed as a task's arguments.
     *
     * @param json a JSON array, never {@code null} or blank (the runtime passes {@code "[]"} for none)
     * @return the elements as Java values: {@link String}, {@link Long} for integers, {@link Double} for other
     *     numbers, {@link Boolean}, {@link java.util.Map}, {@link List}, or {@code null} (inside maps and lists,
     *     numbers are as the codec reads them: the default gives {@link Integer} for small integers); never
     *     {@code null}
     * @throws IllegalArgumentException when {@code json} is not a JSON array; its message completes "task
     *     arguments are ..." (the default says {@code not JSON} or {@code not a JSON array}) and the runtime
     *     fails the guest call with a {@link org.cleanhost.wasm.CleanAbiException} naming the import and the JSON
     */
    List<Object> decodeArguments(String json);

    /**
     * Encodes a Java function's result as the JSON text the guest receives.
     *
     * @param value the first element the function's publisher emitted; never {@code null}, never a
     *     {@link String}, {@link Number} or {@link Boolean}
     * @return its JSON text, never {@code null}
     * @throws RuntimeException when it cannot be encoded; the task fails with a
     *     {@link org.cleanhost.wasm.CleanException} naming the value's class
     */
    String encode(Object value);

    /**
     * The built-in codec: Jackson 2 relocated inside this library (it is not visible to the application and
     * does not follow its settings). Objects encode with their public getters and record components.
     *
     * @return a shared, thread-safe instance
     */
    static TaskCodec defaults() {
        return DefaultTaskCodec.INSTANCE;
    }
}
