package io.lifeboat.facts;

/** A silent host's fencing grace is over: it may be fenced (unless fencing is withheld). */
public record FenceDue(String host) {
}
