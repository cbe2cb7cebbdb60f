package io.lifeboat.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.simulate.Scenario.ClusterSpec;
import io.lifeboat.simulate.Scenario.EventSpec;
import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.MemberSpec;
import io.lifeboat.simulate.Scenario.VmSpec;

/**
 * A managed cluster as its operator describes it: a scenario without {@code events}, with each host's libvirt
 * {@code uri}. The live service stores it, exports it and applies it; what-if turns it back into a scenario.
 */
public record ClusterDocument(ClusterSpec cluster, List<HostSpec> hosts, List<VmSpec> vms,
                              List<FailoverDomainSpec> failoverDomains) {

    public Scenario asScenario(List<EventSpec> events) {
        return new Scenario(cluster, hosts, vms, failoverDomains, events);
    }

    /**
     * Every default of the contract written out, so that two documents that mean the same compare equal and an
     * export shows what is in force. The fencing grace and fence timeout stay unset: the service's own apply; so do
     * the fence retry schedule, defragmentMoves, failbackDelay, the placement weights and preempt, so that documents
     * stored before they existed do not differ from themselves.
     */
    public ClusterDocument normalized() {
        ClusterSettings d = ClusterSettings.defaults(cluster.name());
        ClusterSpec c = new ClusterSpec(cluster.name(), or(cluster.mode(), ClusterMode.RHEL_HA),
                or(cluster.memoryOvercommit(), d.memoryOvercommit()), or(cluster.vcpuOvercommit(), d.vcpuOvercommit()),
                or(cluster.hostFailuresToTolerate(), d.hostFailuresToTolerate()),
                or(cluster.heartbeatTimeout(), (int) d.heartbeatTimeout().toSeconds()),
                or(cluster.fencingSuspendShare(), d.fencingSuspendShare()), cluster.fenceTimeout(),
                or(cluster.usage(), d.usage()), cluster.fencingGrace(), cluster.fenceRetryInitial(),
                cluster.fenceRetryMax(), cluster.defragmentMoves(), cluster.failbackDelay(),
                cluster.vcpuHeadroomWeight(), cluster.measuredLoadWeight(), cluster.preempt());
        return new ClusterDocument(c, list(hosts).stream().map(ClusterDocument::normalized).toList(),
                list(vms).stream().map(ClusterDocument::normalized).toList(),
                list(failoverDomains).stream().map(ClusterDocument::normalized).toList());
    }

    static HostSpec normalized(HostSpec h) {
        List<FenceLevelSpec> fencing = list(h.fencing()).stream()
                .map(l -> new FenceLevelSpec(l.level(), l.agent(), l.params() == null ? Map.of() : l.params())).toList();
        return new HostSpec(h.name(), or(h.os(), ScenarioFacts.DEFAULT_OS), or(h.osVersion(), ScenarioFacts.DEFAULT_OS_VERSION),
                or(h.hypervisor(), io.lifeboat.facts.Hypervisor.KVM), h.cpus(), h.memoryMiB(),
                or(h.state(), Scenario.HostSpecState.UP), list(h.storage()), list(h.networks()),
                h.labels() == null ? Map.of() : h.labels(), fencing, h.uri(), h.memoryOvercommit(), h.vcpuOvercommit());
    }

    static VmSpec normalized(VmSpec v) {
        boolean running = v.state() == null ? v.host() != null : v.state() == Scenario.VmSpecState.RUNNING;
        return new VmSpec(v.name(), or(v.vcpus(), ScenarioFacts.DEFAULT_VCPUS), or(v.memoryMiB(), ScenarioFacts.DEFAULT_MEMORY_MIB),
                v.host(), running ? Scenario.VmSpecState.RUNNING : Scenario.VmSpecState.STOPPED, or(v.ha(), false),
                or(v.managed(), true), or(v.priority(), 0), list(v.storage()), list(v.networks()), v.failoverDomain(),
                v.antiAffinity(), or(v.recovery(), Scenario.RecoverySpec.RESTART), or(v.maxRestarts(), 0),
                or(v.restartExpireTime(), 0));
    }

    static FailoverDomainSpec normalized(FailoverDomainSpec d) {
        return new FailoverDomainSpec(d.name(), or(d.ordered(), false), or(d.restricted(), false),
                or(d.nofailback(), false), list(d.members()).stream()
                .map(m -> new MemberSpec(m.host(), or(m.priority(), 1))).toList());
    }

    public Optional<HostSpec> host(String name) {
        return list(hosts).stream().filter(h -> name.equals(h.name())).findFirst();
    }

    public Optional<VmSpec> vm(String name) {
        return list(vms).stream().filter(v -> name.equals(v.name())).findFirst();
    }

    public Optional<FailoverDomainSpec> failoverDomain(String name) {
        return list(failoverDomains).stream().filter(d -> name.equals(d.name())).findFirst();
    }

    /** This document with its settings replaced. */
    public ClusterDocument withCluster(ClusterSpec settings) {
        return new ClusterDocument(settings, hosts, vms, failoverDomains);
    }

    /** This document with the host of that name replaced (in place) or added (at the end). */
    public ClusterDocument withHost(HostSpec host) {
        return new ClusterDocument(cluster, put(hosts, host, HostSpec::name), vms, failoverDomains);
    }

    public ClusterDocument withoutHost(String name) {
        return new ClusterDocument(cluster, remove(hosts, h -> name.equals(h.name())), vms, failoverDomains);
    }

    public ClusterDocument withVm(VmSpec vm) {
        return new ClusterDocument(cluster, hosts, put(vms, vm, VmSpec::name), failoverDomains);
    }

    public ClusterDocument withoutVm(String name) {
        return new ClusterDocument(cluster, hosts, remove(vms, v -> name.equals(v.name())), failoverDomains);
    }

    public ClusterDocument withFailoverDomain(FailoverDomainSpec domain) {
        return new ClusterDocument(cluster, hosts, vms, put(failoverDomains, domain, FailoverDomainSpec::name));
    }

    public ClusterDocument withoutFailoverDomain(String name) {
        return new ClusterDocument(cluster, hosts, vms, remove(failoverDomains, d -> name.equals(d.name())));
    }

    /** Elements by name, in document order (the first of a duplicated name). */
    public static <T> Map<String, T> byName(List<T> elements, Function<T, String> name) {
        Map<String, T> map = new LinkedHashMap<>();
        list(elements).forEach(e -> map.putIfAbsent(name.apply(e), e));
        return map;
    }

    private static <T> List<T> put(List<T> elements, T element, Function<T, String> name) {
        List<T> result = new ArrayList<>(list(elements));
        for (int i = 0; i < result.size(); i++) {
            if (name.apply(result.get(i)).equals(name.apply(element))) {
                result.set(i, element);
                return result;
            }
        }
        result.add(element);
        return result;
    }

    private static <T> List<T> remove(List<T> elements, Predicate<T> match) {
        return list(elements).stream().filter(match.negate()).toList();
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
