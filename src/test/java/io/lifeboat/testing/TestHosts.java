package io.lifeboat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes libvirt test-driver node files: a simulated host per file, its domains running. */
public final class TestHosts {
    private TestHosts() {
    }

    /** A 16-CPU, 32 GiB host running the given domains (each 1 vCPU, 1024 MiB); returns its test:/// URI. */
    public static String write(Path dir, String host, String... runningDomains) throws IOException {
        StringBuilder xml = new StringBuilder("<node><cpu><mhz>2400</mhz><model>x86_64</model><active>16</active>"
                + "<max>16</max><nodes>1</nodes><sockets>1</sockets><cores>16</cores><threads>1</threads></cpu>"
                + "<memory>33554432</memory>");
        for (String domain : runningDomains) {
            xml.append("<domain type=\"test\"><name>").append(domain).append("</name>")
                    .append("<memory unit=\"MiB\">1024</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>");
        }
        Path file = dir.resolve(host + ".xml");
        Files.writeString(file, xml.append("</node>").toString());
        return "test://" + file.toAbsolutePath();
    }
}
