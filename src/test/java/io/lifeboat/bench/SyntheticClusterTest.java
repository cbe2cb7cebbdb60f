package io.lifeboat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import io.lifeboat.facts.Host;
import io.lifeboat.facts.Vm;

class SyntheticClusterTest {

    @Test
    void sameSeed_sameCluster() {
        assertThat(described(SyntheticCluster.generate(16, 400, 0.7, 7)))
                .isEqualTo(described(SyntheticCluster.generate(16, 400, 0.7, 7)))
                .isNotEqualTo(described(SyntheticCluster.generate(16, 400, 0.7, 8)));
    }

    @Test
    void memoryLoad_withinThreePointsOfTheRequestedShare() {
        for (double load : new double[] {0.70, 0.93, 0.95, 0.97}) {
            for (int[] shape : new int[][] {{8, 40}, {64, 2000}}) {
                SyntheticCluster cluster = SyntheticCluster.generate(shape[0], shape[1], load, 1);
                long vmMemory = cluster.vms().stream().mapToLong(Vm::getMemoryMiB).sum();
                long hostMemory = cluster.hosts().stream().mapToLong(Host::getMemoryMiB).sum();
                assertThat((double) vmMemory / hostMemory).as("%s at %s", List.of(shape[0], shape[1]), load)
                        .isBetween(load - 0.03, load + 0.03);
                assertThat(cluster.loads()).as("no host beyond its limits")
                        .allMatch(l -> l.memoryFreeMiB() >= 0 && l.vcpusFree() >= 0);
            }
        }
    }

    @Test
    void cib_isWellFormed_withOneNodePerHostAndOnePrimitivePerVm() throws Exception {
        SyntheticCluster cluster = SyntheticCluster.generate(8, 40, 0.9, 3);
        StringWriter cib = new StringWriter();
        cluster.writeCib(cib);

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(cib.toString().getBytes(StandardCharsets.UTF_8)));
        XPath xpath = XPathFactory.newInstance().newXPath();
        assertThat(count(xpath, document, "/cib/configuration/nodes/node")).isEqualTo(8);
        assertThat(count(xpath, document, "/cib/configuration/resources/primitive[@class='ocf']"))
                .isEqualTo(cluster.vms().size());
        assertThat(count(xpath, document, "/cib/status/node_state//lrm_resource[@class='ocf']"))
                .as("every VM runs somewhere").isEqualTo(cluster.vms().size());
    }

    private static int count(XPath xpath, Document document, String path) throws Exception {
        return ((Double) xpath.evaluate("count(" + path + ")", document, XPathConstants.NUMBER)).intValue();
    }

    private static List<List<Object>> described(SyntheticCluster cluster) {
        return cluster.vms().stream().map(vm -> List.<Object>of(vm.getName(), vm.getHost(), vm.getMemoryMiB(),
                vm.getVcpus(), vm.isHa(), vm.getPriority(), String.valueOf(vm.getAntiAffinity()),
                String.valueOf(vm.getFailoverDomain()))).toList();
    }
}
