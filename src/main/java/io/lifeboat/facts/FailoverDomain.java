package io.lifeboat.facts;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * rgmanager's failover domain: the hosts a VM prefers or is confined to.
 *
 * @param members host name to priority (1 = most preferred)
 * @param ordered prefer members by priority
 * @param restricted never run outside the members
 * @param nofailback do not move back when a more preferred member returns
 */
public record FailoverDomain(String name, boolean ordered, boolean restricted, boolean nofailback,
                             Map<String, Integer> members) {

    public boolean hasMember(String host) {
        return members.containsKey(host);
    }

    /** The most preferred member among {@code hosts} (by priority, then name), or none. */
    public List<String> mostPreferredOf(Collection<String> hosts) {
        return hosts.stream().filter(members::containsKey)
                .min(Comparator.<String>comparingInt(this::rank).thenComparing(h -> h))
                .map(List::of).orElse(List.of());
    }

    /** Priority of a host in this domain; hosts outside it come after every member. */
    public int rank(String host) {
        return ordered ? members.getOrDefault(host, Integer.MAX_VALUE) : members.containsKey(host) ? 0 : 1;
    }
}
