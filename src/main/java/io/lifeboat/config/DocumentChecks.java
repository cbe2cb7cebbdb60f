package io.lifeboat.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.lifeboat.fencing.FenceAgentCatalogue;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.lifeboat.simulate.ScenarioFacts;

/**
 * What a document needs beyond the scenario contract before the live service may act on it: a way to reach each
 * host, real sizes, names it can address, timeouts it can honour, and fence parameters the agent understands.
 */
public final class DocumentChecks {
    /** Heartbeat events expire after 15 minutes (events.drl): a host must be fenceable well before that. */
    static final Duration MAX_SILENCE_TO_FENCE = Duration.ofMinutes(10);
    static final int MAX_NAME_LENGTH = 100;
    /** scheme[+transport]://[user@host]/path, as libvirt users write it (qemu:///system, test:///abs/h1.xml). */
    private static final Pattern LIBVIRT_URI = Pattern.compile("[a-z][a-z0-9]*(\\+[a-z0-9]+)?://[^\\s]*");

    /** A cluster's name is a path segment (/api/v1/clusters/{cluster}) and the start of its actions' keys. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private DocumentChecks() {
    }

    public static void check(ClusterDocument d, Duration heartbeatSampling, FenceAgentCatalogue agents) {
        Duration grace = ScenarioFacts.fencingGrace(d.cluster(), heartbeatSampling);
        Duration timeout = Duration.ofSeconds(d.cluster().heartbeatTimeout() == null ? 30 : d.cluster().heartbeatTimeout());
        if (timeout.plus(grace).compareTo(MAX_SILENCE_TO_FENCE) > 0) {
            throw invalid("heartbeat timeout plus fencing grace is " + timeout.plus(grace).toSeconds()
                    + " s; it must be at most " + MAX_SILENCE_TO_FENCE.toSeconds() + " s", "/cluster/heartbeatTimeout");
        }
        name(d.cluster().name(), "/cluster/name");
        List<HostSpec> hosts = list(d.hosts());
        for (int i = 0; i < hosts.size(); i++) {
            checkHost(hosts.get(i), "/hosts/" + i, agents);
        }
        List<VmSpec> vms = list(d.vms());
        Set<String> vmNames = new HashSet<>();
        for (int i = 0; i < vms.size(); i++) {
            VmSpec v = vms.get(i);
            name(v.name(), "/vms/" + i + "/name");
            if (!vmNames.add(v.name())) {
                // Simulate reports duplicates as a violation; a managed cluster must address every VM by its name.
                throw new ConfigurationException(400, "DUPLICATE_VM_NAME", "VM names are unique cluster-wide: '"
                        + v.name() + "' is used twice", "/vms/" + i + "/name");
            }
            length(v.failoverDomain(), MAX_NAME_LENGTH, "/vms/" + i + "/failoverDomain");
            length(v.antiAffinity(), MAX_NAME_LENGTH, "/vms/" + i + "/antiAffinity");
            names(v.storage(), "/vms/" + i + "/storage");
            names(v.networks(), "/vms/" + i + "/networks");
        }
        for (int i = 0; i < list(d.failoverDomains()).size(); i++) {
            name(d.failoverDomains().get(i).name(), "/failoverDomains/" + i + "/name");
        }
    }

    private static void checkHost(HostSpec h, String at, FenceAgentCatalogue agents) {
        name(h.name(), at + "/name");
        if (h.uri() == null || h.uri().isBlank()) {
            throw invalid("the libvirt URI Lifeboat reaches the host at is required, e.g. qemu+ssh://root@"
                    + h.name() + "/system", at + "/uri");
        }
        if (!LIBVIRT_URI.matcher(h.uri()).matches() || h.uri().length() > 1000) {
            throw invalid("not a libvirt URI: " + h.uri(), at + "/uri");
        }
        if (h.state() == io.lifeboat.simulate.Scenario.HostSpecState.FENCED) {
            throw invalid("FENCED describes a moment for what-if; a cluster document says UP, DOWN or MAINTENANCE",
                    at + "/state");
        }
        if (h.cpus() == null || h.cpus() < 1) {
            throw invalid("the host's CPUs are required (1 or more): capacity is checked against them", at + "/cpus");
        }
        if (h.memoryMiB() == null || h.memoryMiB() < 1) {
            throw invalid("the host's memory is required (1 MiB or more): capacity is checked against it", at + "/memoryMiB");
        }
        length(h.os(), 32, at + "/os");
        length(h.osVersion(), 16, at + "/osVersion");
        names(h.storage(), at + "/storage");
        names(h.networks(), at + "/networks");
        List<FenceLevelSpec> fencing = list(h.fencing());
        for (int j = 0; j < fencing.size(); j++) {
            FenceLevelSpec device = fencing.get(j);
            Map<String, String> params = device.params() == null ? Map.of() : device.params();
            String pointer = at + "/fencing/" + j + "/params";
            for (FenceAgentCatalogue.ParamProblem problem : agents.validate(device.agent(), params)) {
                throw new ConfigurationException(400, "INVALID_FENCE_PARAMETERS", problem.message(),
                        problem.param() == null ? pointer : pointer + "/" + problem.param());
            }
        }
    }

    /**
     * The name of a cluster being made. Clusters stored before names were checked keep theirs (a name never changes);
     * their scoped paths may not reach them, their unscoped ones do.
     */
    public static void checkNewClusterName(String name) {
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw invalid("a cluster's name is letters, digits, '.', '_' and '-', starting with a letter or digit: '"
                    + name + "'", "/cluster/name");
        }
    }

    private static void name(String name, String at) {
        length(name, MAX_NAME_LENGTH, at);
    }

    private static void length(String value, int max, String at) {
        if (value != null && value.length() > max) {
            throw invalid("at most " + max + " characters", at);
        }
    }

    /** Lists of names are stored comma-separated, in at most 1000 characters. */
    private static void names(List<String> names, String at) {
        for (int i = 0; names != null && i < names.size(); i++) {
            if (names.get(i).contains(",") || names.get(i).isBlank()) {
                throw invalid("a name must not be blank or contain a comma", at + "/" + i);
            }
        }
        if (names != null && String.join(",", names).length() > 1000) {
            throw invalid("at most 1000 characters of names in all", at);
        }
    }

    public static ConfigurationException invalid(String message, String field) {
        return new ConfigurationException(400, "INVALID_CLUSTER", message, field);
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
