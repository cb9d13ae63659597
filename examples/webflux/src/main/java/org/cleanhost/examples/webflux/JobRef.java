package org.cleanhost.examples.webflux;

/** The answer to {@code POST /jobs/{n}}: the id of the future the guest started. */
public record JobRef(long id) {}
