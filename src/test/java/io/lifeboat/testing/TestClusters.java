package io.lifeboat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterUsage;
import io.lifeboat.facts.Hypervisor;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.ClusterSpec;
import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.HostSpecState;
import io.lifeboat.simulate.Scenario.MemberSpec;
import io.lifeboat.simulate.Scenario.RecoverySpec;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.lifeboat.simulate.Scenario.VmSpecState;

/**
 * A small cluster document over libvirt test-driver hosts: h1 runs db1 and web1, h2 runs app1, h3 runs nothing;
 * every host is fenced by the project's simulated agent, h2 also by an IPMI BMC with a password.
 */
public final class TestClusters {
    public static final String IPMI_PASSWORD = "ipmi-s3cret-pw";

    private TestClusters() {
    }

    public static ClusterDocument threeHosts(Path dir, int heartbeatTimeoutSeconds) throws IOException {
        Path power = dir.resolve("power");
        Files.createDirectories(power);
        List<HostSpec> hosts = List.of(
                host("h1", TestHosts.write(dir, "h1", "db1", "web1"), sim("h1", power)),
                host("h2", TestHosts.write(dir, "h2", "app1"), sim("h2", power),
                        new FenceLevelSpec(2, "fence_ipmilan", Map.of("ip", "127.0.0.1", "username", "admin",
                                "password", IPMI_PASSWORD, "lanplus", "1"))),
                host("h3", TestHosts.write(dir, "h3"), sim("h3", power)));
        List<VmSpec> vms = List.of(
                vm("db1", "h1", 100, "fd-db"),
                vm("web1", "h1", 10, null),
                vm("app1", "h2", 50, null));
        FailoverDomainSpec fd = new FailoverDomainSpec("fd-db", true, true, false,
                List.of(new MemberSpec("h1", 1), new MemberSpec("h3", 2)));
        return new ClusterDocument(new ClusterSpec("lab", ClusterMode.RHEL_HA, 1.0, 4.0, 1, heartbeatTimeoutSeconds,
                0.5, null, ClusterUsage.STATIC, null, null, null), hosts, vms, List.of(fd));
    }

    private static FenceLevelSpec sim(String host, Path power) {
        return new FenceLevelSpec(1, "fence_lifeboat_sim", Map.of("plug", host, "power_dir", power.toAbsolutePath().toString()));
    }

    private static HostSpec host(String name, String uri, FenceLevelSpec... fencing) {
        return new HostSpec(name, "RHEL", "6.4", Hypervisor.KVM, 16, 32768L, HostSpecState.UP, List.of("san1"),
                List.of("prod"), Map.of(), List.of(fencing), uri);
    }

    private static VmSpec vm(String name, String host, int priority, String domain) {
        return new VmSpec(name, 1, 1024L, host, VmSpecState.RUNNING, true, true, priority, List.of("san1"),
                List.of("prod"), domain, null, RecoverySpec.RESTART, 0, 0);
    }
}
