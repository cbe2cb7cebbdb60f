package io.lifeboat.demo;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A demo cluster's name and shape, and the libvirt test-driver node file of each host. */
record DemoLayout(String cluster, List<DemoHost> hosts) {

    record DemoVm(String name, int vcpus, long memoryMiB, boolean ha, int priority) {
    }

    record DemoHost(String name, int cpus, long memoryMiB, List<DemoVm> vms) {
    }

    /**
     * The demo's clusters: the first is {@link #standard()}; each further one ({@code demo-2}...) has its shape, with
     * the next three host numbers and its VMs' names ending in {@code -2}..., since hosts and VMs are named once in a
     * deployment.
     */
    static List<DemoLayout> clusters(int count) {
        List<DemoLayout> layouts = new java.util.ArrayList<>();
        for (int k = 1; k <= count; k++) {
            int first = 3 * (k - 1);
            String suffix = k == 1 ? "" : "-" + k;
            layouts.add(new DemoLayout(k == 1 ? "demo" : "demo" + suffix, standard().hosts().stream()
                    .map(h -> new DemoHost("h" + (first + Integer.parseInt(h.name().substring(1))), h.cpus(),
                            h.memoryMiB(), h.vms().stream().map(v -> new DemoVm(v.name() + suffix, v.vcpus(),
                            v.memoryMiB(), v.ha(), v.priority())).toList()))
                    .toList()));
        }
        return layouts;
    }

    /** Three 16-CPU, 32 GiB hosts, each with room to absorb the HA VMs of one failed neighbour. */
    static DemoLayout standard() {
        return new DemoLayout("demo", List.of(
                new DemoHost("h1", 16, 32768, List.of(
                        new DemoVm("db1", 4, 8192, true, 100),
                        new DemoVm("web1", 2, 4096, true, 50),
                        new DemoVm("scratch1", 1, 2048, false, 0))),
                new DemoHost("h2", 16, 32768, List.of(
                        new DemoVm("app1", 4, 8192, true, 80),
                        new DemoVm("web2", 2, 4096, true, 50))),
                new DemoHost("h3", 16, 32768, List.of(
                        new DemoVm("web3", 2, 4096, true, 50),
                        new DemoVm("batch1", 4, 6144, false, 0)))));
    }

    Set<String> hostNames() {
        Set<String> names = new LinkedHashSet<>();
        hosts.forEach(h -> names.add(h.name()));
        return names;
    }

    /** A {@code test:///} node file: the host's CPUs and memory, and its VMs, all running. */
    String nodeXml(DemoHost host) {
        StringBuilder xml = new StringBuilder("<node>\n  <cpu>\n")
                .append("    <mhz>2400</mhz>\n    <model>x86_64</model>\n")
                .append("    <active>").append(host.cpus()).append("</active>\n")
                .append("    <max>").append(host.cpus()).append("</max>\n")
                .append("    <nodes>1</nodes>\n    <sockets>1</sockets>\n")
                .append("    <cores>").append(host.cpus()).append("</cores>\n    <threads>1</threads>\n")
                .append("  </cpu>\n  <memory>").append(host.memoryMiB() * 1024).append("</memory>\n");
        for (DemoVm vm : host.vms()) {
            xml.append("  <domain type=\"test\">\n")
                    .append("    <name>").append(vm.name()).append("</name>\n")
                    .append("    <memory unit=\"MiB\">").append(vm.memoryMiB()).append("</memory>\n")
                    .append("    <vcpu>").append(vm.vcpus()).append("</vcpu>\n")
                    .append("    <os><type>hvm</type></os>\n")
                    .append("  </domain>\n");
        }
        return xml.append("</node>\n").toString();
    }
}
