package io.lifeboat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes libvirt test-driver node files: a simulated host per file, its domains running. */
public final class TestHosts {
    private TestHosts() {
    }

    /** A 16-CPU, 32 GiB host running the given domains (each 1 vCPU, 1024 MiB); returns its test:/// URI. */
    public static String write(Path dir, String host, String... runningDomains) throws IOException {
        Map<String, Long> domains = new LinkedHashMap<>();
        Arrays.stream(runningDomains).forEach(d -> domains.put(d, 1024L));
        return write(dir, host, 16, 32768, domains);
    }

    /**
     * A host of {@code cpus} CPUs and {@code memoryMiB} running the given domains (name to MiB, 1 vCPU each), so that
     * what libvirt reports matches the sizes a cluster document gives; returns its test:/// URI.
     */
    public static String write(Path dir, String host, int cpus, long memoryMiB, Map<String, Long> runningDomains)
            throws IOException {
        StringBuilder xml = new StringBuilder("<node><cpu><mhz>2400</mhz><model>x86_64</model><active>" + cpus
                + "</active><max>" + cpus + "</max><nodes>1</nodes><sockets>1</sockets><cores>" + cpus
                + "</cores><threads>1</threads></cpu><memory>" + memoryMiB * 1024 + "</memory>");
        runningDomains.forEach((domain, mib) -> xml.append("<domain type=\"test\"><name>").append(domain)
                .append("</name><memory unit=\"MiB\">").append(mib)
                .append("</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>"));
        Files.createDirectories(dir);
        Path file = dir.resolve(host + ".xml");
        Files.writeString(file, xml.append("</node>").toString());
        return "test://" + file.toAbsolutePath();
    }
}
