package io.lifeboat.bench;

import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.HostObservation;
import io.lifeboat.facts.Vm;
import io.lifeboat.placement.Preferences;
import io.lifeboat.simulate.Scenario;

/**
 * A made-up cluster for the placement benchmarks, the same for the same seed: equal hosts on one storage and one
 * network, each filled with VMs of 2 to 16 GiB to about the requested share of its memory (up to 10 points either way,
 * never beyond the host, the cluster's mean on target); about half of the VMs HA, a few of high priority, some
 * anti-affinity pairs and ordered failover domains. It gives the facts for a policy session and the same cluster as a
 * Pacemaker CIB, so that both decide the same failure.
 */
public final class SyntheticCluster {
    public static final int HOST_CPUS = 64;
    public static final double VCPU_OVERCOMMIT = 4.0;
    private static final String STORAGE = "san";
    private static final String NETWORK = "prod";
    /** VM sizes (vCPUs, MiB) and how often each is drawn: small VMs are the most common. */
    private static final int[] SIZE_VCPUS = {1, 2, 4, 8};
    private static final long[] SIZE_MIB = {2048, 4096, 8192, 16384};
    private static final double[] SIZE_SHARE = {0.30, 0.35, 0.25, 0.10};
    private static final int DOMAIN_MEMBERS = 4;
    /** How far a host's fill may stray from the requested load, either way: free room differs from host to host. */
    private static final double MAX_SPREAD = 0.10;
    /** Pacemaker's digest of an empty parameter set (md5 of " <parameters/>\n"): with it, nothing counts as changed. */
    private static final String EMPTY_PARAMETERS_DIGEST = "f2317cad3d54cec5d7d7aa7d0bf35cf8";

    /** One VM as generated; facts are built from it afresh, since a session changes its Vm and Host objects. */
    private record Guest(String name, String host, int vcpus, long memoryMiB, boolean ha, int priority,
                         String antiAffinity, String domain) {
    }

    private final List<String> hostNames;
    private final long hostMemoryMiB;
    private final List<Guest> guests;
    private final List<FailoverDomain> domains;

    private SyntheticCluster(List<String> hostNames, long hostMemoryMiB, List<Guest> guests, List<FailoverDomain> domains) {
        this.hostNames = hostNames;
        this.hostMemoryMiB = hostMemoryMiB;
        this.guests = guests;
        this.domains = domains;
    }

    /**
     * @param hosts how many hosts
     * @param vms about how many VMs (hosts are sized so that this many fill them to {@code load})
     * @param load the share of each host's memory its VMs use
     */
    public static SyntheticCluster generate(int hosts, int vms, double load, long seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        String format = "h%0" + String.valueOf(hosts - 1).length() + "d";
        for (int h = 0; h < hosts; h++) {
            names.add(String.format(format, h));
        }
        double meanMiB = 0;
        for (int s = 0; s < SIZE_MIB.length; s++) {
            meanMiB += SIZE_MIB[s] * SIZE_SHARE[s];
        }
        long hostMemory = Math.round((double) vms / hosts * meanMiB / load / 1024) * 1024;
        List<FailoverDomain> domains = domains(names, random);
        List<Guest> guests = new ArrayList<>();
        double spread = Math.min(1 - load, MAX_SPREAD);
        for (String host : names) {
            double fill = load + spread * (2 * random.nextDouble() - 1);
            long room = Math.round(fill * hostMemory / SIZE_MIB[0]) * SIZE_MIB[0];
            while (room >= SIZE_MIB[0]) {
                int size = draw(random);
                while (SIZE_MIB[size] > room) {
                    size--;
                }
                room -= SIZE_MIB[size];
                double p = random.nextDouble();
                int priority = p < 0.80 ? 0 : p < 0.95 ? 10 : 100;
                String domain = random.nextDouble() < 0.10 ? domains.get(random.nextInt(domains.size())).name() : null;
                guests.add(new Guest(String.format("vm%05d", guests.size()), host, SIZE_VCPUS[size], SIZE_MIB[size],
                        random.nextBoolean(), priority, null, domain));
            }
        }
        pairUp(guests, random);
        return new SyntheticCluster(names, hostMemory, guests, domains);
    }

    private static int draw(Random random) {
        double p = random.nextDouble();
        int size = 0;
        for (double cumulative = SIZE_SHARE[0]; p >= cumulative && size < SIZE_SHARE.length - 1; ) {
            cumulative += SIZE_SHARE[++size];
        }
        return size;
    }

    /**
     * A few ordered, unrestricted domains of {@link #DOMAIN_MEMBERS} hosts each, by member priority; nofailback, as
     * their VMs run anywhere and the benchmarks time failover, not failback.
     */
    private static List<FailoverDomain> domains(List<String> hosts, Random random) {
        List<FailoverDomain> domains = new ArrayList<>();
        int count = Math.max(1, Math.min(4, hosts.size() / 8));
        for (int d = 0; d < count; d++) {
            Map<String, Integer> members = new LinkedHashMap<>();
            while (members.size() < Math.min(DOMAIN_MEMBERS, hosts.size())) {
                members.putIfAbsent(hosts.get(random.nextInt(hosts.size())), members.size() + 1);
            }
            domains.add(new FailoverDomain("fd" + d, true, false, true, members));
        }
        return domains;
    }

    /** One VM in 40 joins an anti-affinity pair of HA VMs on two different hosts. */
    private static void pairUp(List<Guest> guests, Random random) {
        int pairs = guests.size() / 40;
        for (int p = 0, tries = 0; p < pairs && tries < pairs * 100; tries++) {
            int a = random.nextInt(guests.size());
            int b = random.nextInt(guests.size());
            Guest first = guests.get(a);
            Guest second = guests.get(b);
            if (first.antiAffinity() == null && second.antiAffinity() == null && !first.host().equals(second.host())) {
                String group = "aa" + p++;
                guests.set(a, paired(first, group));
                guests.set(b, paired(second, group));
            }
        }
    }

    private static Guest paired(Guest g, String group) {
        return new Guest(g.name(), g.host(), g.vcpus(), g.memoryMiB(), true, g.priority(), group, g.domain());
    }

    /** The host with the most HA VMs, the first by name among equals. */
    public String busiestHost() {
        Map<String, Integer> ha = new TreeMap<>();
        guests.stream().filter(Guest::ha).forEach(g -> ha.merge(g.host(), 1, Integer::sum));
        return ha.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
    }

    public String describe() {
        return hostNames.size() + " hosts x " + guests.size() + " VMs";
    }

    public ClusterSettings settings() {
        return ClusterSettings.defaults("synthetic").withOvercommit(1.0, VCPU_OVERCOMMIT);
    }

    public List<String> hostNames() {
        return hostNames;
    }

    public int vmCount() {
        return guests.size();
    }

    public long hostMemoryMiB() {
        return hostMemoryMiB;
    }

    public List<FailoverDomain> domains() {
        return domains;
    }

    /** New Host objects, all UP. */
    public List<Host> hosts() {
        return hostNames.stream().map(h -> Host.builder(h).cpus(HOST_CPUS).memoryMiB(hostMemoryMiB)
                .storage(Set.of(STORAGE)).networks(Set.of(NETWORK)).build()).toList();
    }

    /** New Vm objects, each running on its host. */
    public List<Vm> vms() {
        return guests.stream().map(g -> Vm.builder(g.name()).vcpus(g.vcpus()).memoryMiB(g.memoryMiB()).ha(g.ha())
                .priority(g.priority()).storage(Set.of(STORAGE)).networks(Set.of(NETWORK))
                .failoverDomain(g.domain()).antiAffinity(g.antiAffinity()).runningOn(g.host()).build()).toList();
    }

    /**
     * The facts of a fresh session: settings, hosts, one fence device and one heartbeat (seq 1..hosts) per host,
     * domains and VMs. The hosts' observations go in through {@link io.lifeboat.policy.PolicySession#observe}, which
     * keeps one per host: see {@link #observations()}.
     */
    public List<Object> facts() {
        List<Object> facts = new ArrayList<>();
        facts.add(settings());
        facts.addAll(hosts());
        hostNames.forEach(h -> facts.add(new FenceDevice(h, 1, "fence_ipmilan")));
        facts.addAll(domains);
        facts.addAll(vms());
        for (int h = 0; h < hostNames.size(); h++) {
            facts.add(new Heartbeat(hostNames.get(h), h + 1));
        }
        return facts;
    }

    /**
     * The cluster as a simulate scenario (the contract's document) in which {@code failedHost} goes down at once: the
     * same hosts, VMs, domains and limits as {@link #facts()}, one IPMI fence device per host.
     */
    public Scenario scenario(String failedHost) {
        ClusterSettings settings = settings();
        Scenario.ClusterSpec cluster = new Scenario.ClusterSpec("synthetic", null, settings.memoryOvercommit(),
                settings.vcpuOvercommit(), settings.hostFailuresToTolerate(), null, null, null, null, null, null, null);
        List<Scenario.FenceLevelSpec> fencing = List.of(new Scenario.FenceLevelSpec(1, "fence_ipmilan", null));
        List<Scenario.HostSpec> hosts = hostNames.stream().map(h -> new Scenario.HostSpec(h, null, null, null,
                HOST_CPUS, hostMemoryMiB, null, List.of(STORAGE), List.of(NETWORK), null, fencing, null)).toList();
        List<Scenario.VmSpec> vms = guests.stream().map(g -> new Scenario.VmSpec(g.name(), g.vcpus(), g.memoryMiB(),
                g.host(), null, g.ha(), null, g.priority(), List.of(STORAGE), List.of(NETWORK), g.domain(),
                g.antiAffinity(), null, null, null)).toList();
        List<Scenario.FailoverDomainSpec> domainSpecs = domains.stream().map(d -> new Scenario.FailoverDomainSpec(
                d.name(), d.ordered(), d.restricted(), d.nofailback(), d.members().entrySet().stream()
                        .map(m -> new Scenario.MemberSpec(m.getKey(), m.getValue())).toList())).toList();
        List<Scenario.EventSpec> events = List.of(
                new Scenario.EventSpec(0.0, Scenario.EventType.HOST_DOWN, failedHost, null, null, null, null));
        return new Scenario(cluster, hosts, vms, domainSpecs, events);
    }

    /** What each host's hypervisor reports running. */
    public List<HostObservation> observations() {
        Map<String, Set<String>> running = new LinkedHashMap<>();
        hostNames.forEach(h -> running.put(h, new HashSet<>()));
        guests.forEach(g -> running.get(g.host()).add(g.name()));
        return running.entrySet().stream().map(e -> new HostObservation(e.getKey(), Set.copyOf(e.getValue()))).toList();
    }

    /** Each host's load within the settings' limits, as the rules count it. */
    public List<HostLoad> loads() {
        Map<String, long[]> used = new LinkedHashMap<>();
        hostNames.forEach(h -> used.put(h, new long[2]));
        guests.forEach(g -> {
            used.get(g.host())[0] += g.memoryMiB();
            used.get(g.host())[1] += g.vcpus();
        });
        return used.entrySet().stream().map(e -> HostLoad.of(e.getKey(), hostMemoryMiB, HOST_CPUS, 1.0,
                VCPU_OVERCOMMIT, e.getValue()[0], e.getValue()[1])).toList();
    }

    /** The share of the cluster's memory the VMs use. */
    public double memoryLoad() {
        return (double) guests.stream().mapToLong(Guest::memoryMiB).sum() / (hostMemoryMiB * hostNames.size());
    }

    /**
     * What the VMs declare for placement: a host is allowed unless another VM of the VM's anti-affinity group runs
     * there; hosts are ranked by the VM's ordered domain.
     */
    public Preferences preferences() {
        Map<String, Guest> byName = new LinkedHashMap<>();
        Set<String> groupsOnHost = new HashSet<>();
        guests.forEach(g -> {
            byName.put(g.name(), g);
            if (g.antiAffinity() != null) {
                groupsOnHost.add(g.host() + '\0' + g.antiAffinity());
            }
        });
        Map<String, FailoverDomain> domainByName = new LinkedHashMap<>();
        domains.forEach(d -> domainByName.put(d.name(), d));
        return new Preferences() {
            @Override
            public boolean allows(String vm, String host) {
                Guest g = byName.get(vm);
                return g.antiAffinity() == null || g.host().equals(host)
                        || !groupsOnHost.contains(host + '\0' + g.antiAffinity());
            }

            @Override
            public int rank(String vm, String host) {
                String domain = byName.get(vm).domain();
                return domain == null ? 0 : domainByName.get(domain).rank(host);
            }

            @Override
            public double score(String vm, String host) {
                return 0;
            }
        };
    }

    /**
     * The cluster as a Pacemaker CIB for {@code crm_simulate}: nodes with their memory and vCPU limits as utilization,
     * one ocf:pacemaker:Dummy per VM (non-HA VMs unmanaged, so they keep their room but are not recovered) with its
     * size, priority, anti-affinity pair (colocation -INFINITY) and domain (location scores by member priority), one
     * fence device per node kept off the node it fences, the balanced placement strategy, and a status section in
     * which every resource runs where the VM runs. Startup probes are off: a running cluster has probed long ago.
     */
    public void writeCib(Writer out) throws XMLStreamException {
        XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
        xml.writeStartDocument();
        xml.writeStartElement("cib");
        attributes(xml, "validate-with", "pacemaker-3.0", "admin_epoch", "0", "epoch", "1", "num_updates", "0",
                "have-quorum", "1");
        xml.writeStartElement("configuration");
        xml.writeStartElement("crm_config");
        nvpairs(xml, "cluster_property_set", "options", "placement-strategy", "balanced", "stonith-enabled", "true",
                "enable-startup-probes", "false");
        xml.writeEndElement();
        xml.writeStartElement("nodes");
        for (int n = 0; n < hostNames.size(); n++) {
            xml.writeStartElement("node");
            attributes(xml, "id", String.valueOf(n + 1), "uname", hostNames.get(n));
            nvpairs(xml, "utilization", hostNames.get(n) + "-utilization", "memory", String.valueOf(hostMemoryMiB),
                    "cpu", String.valueOf((long) (HOST_CPUS * VCPU_OVERCOMMIT)));
            xml.writeEndElement();
        }
        xml.writeEndElement();
        writeResources(xml);
        writeConstraints(xml);
        xml.writeStartElement("rsc_defaults");
        // Above every domain location score: like a nofailback domain, a running VM stays where it is.
        nvpairs(xml, "meta_attributes", "defaults", "resource-stickiness", "1000");
        xml.writeEndElement();
        xml.writeEndElement();
        writeStatus(xml);
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.flush();
    }

    private void writeResources(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeStartElement("resources");
        for (Guest g : guests) {
            xml.writeStartElement("primitive");
            attributes(xml, "id", g.name(), "class", "ocf", "provider", "pacemaker", "type", "Dummy");
            nvpairs(xml, "meta_attributes", g.name() + "-meta", "priority", String.valueOf(g.priority()),
                    "is-managed", String.valueOf(g.ha()));
            nvpairs(xml, "utilization", g.name() + "-utilization", "memory", String.valueOf(g.memoryMiB()),
                    "cpu", String.valueOf(g.vcpus()));
            xml.writeEndElement();
        }
        for (String host : hostNames) {
            xml.writeEmptyElement("primitive");
            attributes(xml, "id", fenceDevice(host), "class", "stonith", "type", "fence_dummy");
        }
        xml.writeEndElement();
    }

    private void writeConstraints(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeStartElement("constraints");
        for (String host : hostNames) {
            xml.writeEmptyElement("rsc_location");
            attributes(xml, "id", fenceDevice(host) + "-away", "rsc", fenceDevice(host), "node", host, "score", "-INFINITY");
        }
        Map<String, String> firstOfGroup = new LinkedHashMap<>();
        Map<String, FailoverDomain> domainByName = new LinkedHashMap<>();
        domains.forEach(d -> domainByName.put(d.name(), d));
        for (Guest g : guests) {
            if (g.antiAffinity() != null) {
                String partner = firstOfGroup.putIfAbsent(g.antiAffinity(), g.name());
                if (partner != null) {
                    xml.writeEmptyElement("rsc_colocation");
                    attributes(xml, "id", g.antiAffinity(), "rsc", g.name(), "with-rsc", partner, "score", "-INFINITY");
                }
            }
            if (g.domain() != null) {
                Map<String, Integer> members = domainByName.get(g.domain()).members();
                for (Map.Entry<String, Integer> member : members.entrySet()) {
                    xml.writeEmptyElement("rsc_location");
                    attributes(xml, "id", g.name() + "-in-" + member.getKey(), "rsc", g.name(), "node", member.getKey(),
                            "score", String.valueOf((members.size() + 1 - member.getValue()) * 100));
                }
            }
        }
        xml.writeEndElement();
    }

    private void writeStatus(XMLStreamWriter xml) throws XMLStreamException {
        Map<String, List<String[]>> resourcesOn = new LinkedHashMap<>();
        hostNames.forEach(h -> resourcesOn.put(h, new ArrayList<>()));
        guests.forEach(g -> resourcesOn.get(g.host()).add(new String[] {g.name(), "ocf", "pacemaker", "Dummy"}));
        for (int n = 0; n < hostNames.size(); n++) {
            String runsOn = hostNames.get((n + 1) % hostNames.size());
            resourcesOn.get(runsOn).add(new String[] {fenceDevice(hostNames.get(n)), "stonith", null, "fence_dummy"});
        }
        xml.writeStartElement("status");
        for (int n = 0; n < hostNames.size(); n++) {
            String id = String.valueOf(n + 1);
            xml.writeStartElement("node_state");
            attributes(xml, "id", id, "uname", hostNames.get(n), "in_ccm", "true", "crmd", "online", "join", "member",
                    "expected", "member");
            xml.writeStartElement("lrm");
            attributes(xml, "id", id);
            xml.writeStartElement("lrm_resources");
            for (String[] resource : resourcesOn.get(hostNames.get(n))) {
                writeRunning(xml, resource);
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    /** A resource whose last operation was a successful start. */
    private static void writeRunning(XMLStreamWriter xml, String[] resource) throws XMLStreamException {
        String id = resource[0];
        String key = "1:0:0:00000000-0000-0000-0000-000000000000";
        xml.writeStartElement("lrm_resource");
        attributes(xml, "id", id, "class", resource[1], "type", resource[3]);
        if (resource[2] != null) {
            xml.writeAttribute("provider", resource[2]);
        }
        xml.writeEmptyElement("lrm_rsc_op");
        attributes(xml, "id", id + "_last_0", "operation_key", id + "_start_0", "operation", "start",
                "transition-key", key, "transition-magic", "0:0;" + key, "call-id", "1", "rc-code", "0",
                "op-status", "0", "interval", "0", "op-digest", EMPTY_PARAMETERS_DIGEST);
        xml.writeEndElement();
    }

    private static String fenceDevice(String host) {
        return "fence-" + host;
    }

    private static void nvpairs(XMLStreamWriter xml, String element, String id, String... namesAndValues)
            throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeAttribute("id", id);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            xml.writeEmptyElement("nvpair");
            attributes(xml, "id", id + "-" + namesAndValues[i], "name", namesAndValues[i], "value", namesAndValues[i + 1]);
        }
        xml.writeEndElement();
    }

    private static void attributes(XMLStreamWriter xml, String... namesAndValues) throws XMLStreamException {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            xml.writeAttribute(namesAndValues[i], namesAndValues[i + 1]);
        }
    }
}
