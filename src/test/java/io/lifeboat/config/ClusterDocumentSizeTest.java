package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterUsage;
import io.lifeboat.facts.Hypervisor;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.ClusterSpec;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.HostSpecState;
import io.lifeboat.simulate.Scenario.RecoverySpec;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.lifeboat.simulate.Scenario.VmSpecState;

/** The default body limit (lifeboat.api.max-body-size, 64M) holds a 1 000-host, 50 000-VM document in JSON and YAML. */
class ClusterDocumentSizeTest {
    private static final long DEFAULT_LIMIT = 64L * 1024 * 1024;

    @Test
    void documentOf50000VmsWithEveryFieldSet_fitsUnderTheDefaultLimit() throws Exception {
        List<HostSpec> hosts = new ArrayList<>();
        List<VmSpec> vms = new ArrayList<>();
        for (int h = 0; h < 1_000; h++) {
            String host = "hypervisor-" + h + ".prod.example.com";
            hosts.add(new HostSpec(host, "RHEL", "6.4", Hypervisor.KVM, 64, 524288L, HostSpecState.UP,
                    List.of("san-primary", "san-backup"), List.of("mgmt", "prod", "storage"), Map.of("rack", "r" + h / 40),
                    List.of(new FenceLevelSpec(1, "fence_ipmilan", Map.of("ip", "10.1." + h / 250 + "." + h % 250,
                            "username", "admin", "password", "a-long-ipmi-password", "lanplus", "1"))),
                    "qemu+ssh://root@" + host + "/system"));
            for (int v = 0; v < 50; v++) {
                vms.add(new VmSpec("vm-" + h + "-" + v + "-application", 8, 16384L, host, VmSpecState.RUNNING, true,
                        true, 100, List.of("san-primary"), List.of("prod"), "domain-" + h % 20, "group-" + v % 10,
                        RecoverySpec.RELOCATE, 3, 600));
            }
        }
        ClusterDocument document = new ClusterDocument(new ClusterSpec("prod", ClusterMode.RHEV, 1.0, 4.0, 2, 30, 0.5,
                null, ClusterUsage.STATIC, null, null, null), hosts, vms, List.of());

        int json = new ObjectMapper().writeValueAsBytes(document).length;
        int yaml = new YAMLMapper().writeValueAsBytes(document).length;

        assertThat(json).as("JSON bytes").isGreaterThan(10_000_000).isLessThan((int) DEFAULT_LIMIT / 2);
        assertThat(yaml).as("YAML bytes").isLessThan((int) DEFAULT_LIMIT);
    }
}
