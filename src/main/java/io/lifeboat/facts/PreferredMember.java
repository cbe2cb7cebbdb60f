package io.lifeboat.facts;

/** Derived: the most preferred member of an ordered failover domain that is UP and answering. */
public record PreferredMember(String domain, String host) {
}
