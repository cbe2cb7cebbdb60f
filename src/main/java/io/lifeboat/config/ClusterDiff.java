package io.lifeboat.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.VmSpec;

/**
 * What a new cluster document changes, by name, between two normalized documents. Where a VM runs is not
 * configuration (the live session knows it), so it is not compared.
 */
public record ClusterDiff(boolean settingsChanged, Changes hosts, Changes vms, Changes failoverDomains) {

    public record Changes(List<String> added, List<String> changed, List<String> removed) {
        public boolean isEmpty() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }

        private String summary(String what) {
            List<String> parts = new ArrayList<>();
            added.forEach(n -> parts.add("+" + n));
            changed.forEach(n -> parts.add("~" + n));
            removed.forEach(n -> parts.add("-" + n));
            return what + " " + String.join(" ", parts);
        }
    }

    /** The difference from {@code before} (null: nothing stored yet) to {@code after}. */
    public static ClusterDiff between(ClusterDocument before, ClusterDocument after) {
        ClusterDocument old = before == null ? new ClusterDocument(null, List.of(), List.of(), List.of()) : before;
        return new ClusterDiff(!Objects.equals(old.cluster(), after.cluster()),
                changes(old.hosts(), after.hosts(), HostSpec::name, UnaryOperator.identity()),
                changes(old.vms(), after.vms(), VmSpec::name, ClusterDiff::withoutPlacement),
                changes(old.failoverDomains(), after.failoverDomains(), FailoverDomainSpec::name, UnaryOperator.identity()));
    }

    public boolean isEmpty() {
        return !settingsChanged && hosts.isEmpty() && vms.isEmpty() && failoverDomains.isEmpty();
    }

    /** One line for the journal, e.g. {@code settings; hosts +h4 ~h1; vms -old1}. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (settingsChanged) {
            parts.add("settings");
        }
        if (!hosts.isEmpty()) {
            parts.add(hosts.summary("hosts"));
        }
        if (!vms.isEmpty()) {
            parts.add(vms.summary("vms"));
        }
        if (!failoverDomains.isEmpty()) {
            parts.add(failoverDomains.summary("failover domains"));
        }
        return parts.isEmpty() ? "no change" : String.join("; ", parts);
    }

    private static <T> Changes changes(List<T> before, List<T> after, Function<T, String> name, UnaryOperator<T> compared) {
        Map<String, T> old = ClusterDocument.byName(before, name);
        Map<String, T> fresh = ClusterDocument.byName(after, name);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        fresh.forEach((n, element) -> {
            if (!old.containsKey(n)) {
                added.add(n);
            } else if (!compared.apply(old.get(n)).equals(compared.apply(element))) {
                changed.add(n);
            }
        });
        List<String> removed = old.keySet().stream().filter(n -> !fresh.containsKey(n)).toList();
        return new Changes(List.copyOf(added), List.copyOf(changed), removed);
    }

    private static VmSpec withoutPlacement(VmSpec v) {
        return new VmSpec(v.name(), v.vcpus(), v.memoryMiB(), null, null, v.ha(), v.managed(), v.priority(),
                v.storage(), v.networks(), v.failoverDomain(), v.antiAffinity(), v.recovery(), v.maxRestarts(),
                v.restartExpireTime());
    }
}
