package io.lifeboat.metrics;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import io.lifeboat.facts.HostStatus;
import io.lifeboat.facts.VmStatus;
import io.lifeboat.policy.ClusterPicture;

/**
 * What the gauges show, counted from the one cluster picture the status shows (the picture rules classify; nothing is
 * classified again here). Taken on the loop thread, read by scrapes on theirs: immutable.
 */
public record ClusterCounts(Map<HostStatus.State, Long> hosts, Map<String, Long> blocked) {

    /** No cluster managed: every gauge is 0. */
    public static final ClusterCounts EMPTY = new ClusterCounts(Map.of(), Map.of());

    public ClusterCounts {
        hosts = Map.copyOf(hosts);
        blocked = Map.copyOf(blocked);
    }

    public static ClusterCounts of(ClusterPicture picture) {
        Map<HostStatus.State, Long> hosts = new EnumMap<>(HostStatus.State.class);
        picture.hosts().forEach(h -> hosts.merge(h.state(), 1L, Long::sum));
        Map<String, Long> blocked = new HashMap<>();
        picture.vms().stream().filter(v -> v.state() == VmStatus.State.BLOCKED && v.reasonCode() != null)
                .forEach(v -> blocked.merge(v.reasonCode(), 1L, Long::sum));
        return new ClusterCounts(hosts, blocked);
    }

    /** These counts and another cluster's, added up. */
    public ClusterCounts plus(ClusterCounts other) {
        Map<HostStatus.State, Long> sumHosts = new EnumMap<>(HostStatus.State.class);
        sumHosts.putAll(hosts);
        other.hosts.forEach((state, count) -> sumHosts.merge(state, count, Long::sum));
        Map<String, Long> sumBlocked = new HashMap<>(blocked);
        other.blocked.forEach((reason, count) -> sumBlocked.merge(reason, count, Long::sum));
        return new ClusterCounts(sumHosts, sumBlocked);
    }

    public long hosts(HostStatus.State state) {
        return hosts.getOrDefault(state, 0L);
    }

    public long blocked(String reason) {
        return blocked.getOrDefault(reason, 0L);
    }
}
