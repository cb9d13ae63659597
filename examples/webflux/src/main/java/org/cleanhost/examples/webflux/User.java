package org.cleanhost.examples.webflux;

/** What the fake repository stores; crosses into the guest as JSON. */
public record User(long id, String name, String email) {}
