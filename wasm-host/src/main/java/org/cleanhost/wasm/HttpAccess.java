package org.cleanhost.wasm;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which hosts a guest may reach through the HTTP client imports ({@code env.http_get} and the rest).
 * Off by default: a {@link CleanHost} built without {@link CleanHost.Builder#httpAccess(HttpAccess)} refuses
 * every request with a {@link CleanCapabilityException} naming the host.
 *
 * <p>A host is allowed when the URL's host name equals one of the listed names, ignoring case (no wildcards,
 * no ports: {@code 127.0.0.1} allows every port of it). Every redirect target is checked the same way. Only
 * {@code http} and {@code https} URLs are accepted. Immutable and thread-safe.
 *
 * <pre>{@code
 * CleanHost host = CleanHost.builder(module)
 *         .httpAccess(HttpAccess.allowHosts("api.example.com", "127.0.0.1"))
 *         .build();
 * }</pre>
 */
public final class HttpAccess {
    private static final HttpAccess NONE = new HttpAccess(Collections.emptySet());

    private final Set<String> hosts;

    private HttpAccess(Set<String> hosts) {
        this.hosts = hosts;
    }

    /** No host at all: the default. */
    public static HttpAccess none() {
        return NONE;
    }

    /**
     * Allows requests to exactly these host names or IP literals (IPv6 without brackets).
     *
     * @param hosts one or more names; none may be null or blank
     * @return the access
     * @throws IllegalArgumentException when no host is given or one is blank or contains '/', ':' or white space
     *     (other than an IPv6 literal's colons)
     * @throws NullPointerException when {@code hosts} or one of them is null
     */
    public static HttpAccess allowHosts(String... hosts) {
        if (hosts.length == 0) {
            throw new IllegalArgumentException("allowHosts needs at least one host; use HttpAccess.none() for none");
        }
        Set<String> set = new TreeSet<>();
        for (String host : hosts) {
            set.add(normalize(host));
        }
        return new HttpAccess(Collections.unmodifiableSet(set));
    }

    private static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        // an IPv6 literal has at least two colons; one colon is a port ("127.0.0.1:8080"), which is refused
        boolean ipv6 = h.indexOf(':') != h.lastIndexOf(':') && h.matches("[0-9a-f:.]+");
        if (h.isEmpty() || h.contains("/") || h.matches(".*\\s.*") || (h.indexOf(':') >= 0 && !ipv6)) {
            throw new IllegalArgumentException("not a host name: '" + host + "'");
        }
        return h;
    }

    /**
     * Whether a request to {@code host} is allowed.
     *
     * @param host a URL's host ({@code java.net.URI#getHost()}); null is never allowed
     * @return true when it is on the list
     */
    public boolean allows(String host) {
        if (host == null || hosts.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return hosts.contains(h);
    }

    /** The allowed host names, lower case and sorted; empty for {@link #none()}. */
    public Set<String> hosts() {
        return hosts;
    }

    /** Whether any host is allowed. */
    public boolean isEnabled() {
        return !hosts.isEmpty();
    }

    @Override
    public String toString() {
        return hosts.isEmpty() ? "HttpAccess.none()" : "HttpAccess.allowHosts" + Arrays.toString(hosts.toArray());
    }
}
