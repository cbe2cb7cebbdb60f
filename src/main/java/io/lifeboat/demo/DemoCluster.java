package io.lifeboat.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.api.Roles;
import io.lifeboat.config.LifeboatConfig;
import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterUsage;
import io.lifeboat.facts.Hypervisor;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.service.ClusterConfiguration;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.ClusterSpec;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.HostSpecState;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.lifeboat.simulate.Scenario.VmSpecState;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The quick start's cluster (or clusters, lifeboat.demo.clusters): three libvirt test-driver hosts (one {@code test:///...xml} file each) with VMs, and a
 * {@code fence_lifeboat_sim} fence device per host whose power file this class obeys: when the agent powers a host
 * off, its domains are destroyed and Lifeboat can no longer reach it, exactly as with a real machine.
 */
@ApplicationScoped
public class DemoCluster {
    static final String AGENT = "fence_lifeboat_sim";
    private static final Logger LOG = Logger.getLogger(DemoCluster.class);

    @Inject
    LifeboatConfig config;
    @Inject
    ClusterConfiguration configuration;
    @Inject
    LibvirtDriver driver;
    @Inject
    PowerLedger ledger;

    private final Set<String> poweredOff = ConcurrentHashMap.newKeySet();
    private final Set<String> hung = ConcurrentHashMap.newKeySet();
    private volatile Path dir;
    private volatile List<DemoLayout> layouts = List.of();

    /** Applies the demo clusters before the live service loads the store (its priority is 20). */
    void seed(@Observes @Priority(10) StartupEvent event) {
        if (!config.demo().enabled() || !config.service().enabled()) {
            return;
        }
        dir = config.demo().dir().toAbsolutePath();
        layouts = DemoLayout.clusters(config.demo().clusters());
        try {
            Files.createDirectories(powerDir());
            for (DemoLayout layout : layouts) {
                for (DemoLayout.DemoHost host : layout.hosts()) {
                    Files.writeString(hostFile(host.name()), layout.nodeXml(host));
                    Files.writeString(powerFile(host.name()), "on");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo cluster under " + dir, e);
        }
        // A fenced host must lose its VMs before the fence counts as done, or a restarted VM would briefly run twice.
        ledger.whenConfirmedOff(host -> followPower());
        for (DemoLayout layout : layouts) {
            if (configuration.export(layout.cluster()).isEmpty()) {
                // Through the path every operator's document takes (PUT /api/v1/cluster, lifeboat apply).
                configuration.apply(layout.cluster(), document(layout), null, "demo");
                LOG.infof("demo cluster %s applied: hosts %s", layout.cluster(), layout.hostNames());
            }
        }
        LOG.infof("demo hosts live in %s; fail one with: curl -u %s -X POST localhost:8080/api/v1/demo/hosts/h1/fail",
                dir, login());
    }

    /**
     * The quick start's credentials, for the hint in the log: only in dev mode (the quick start, whose admin password
     * is a published demo value); a packaged service never logs a password.
     */
    private String login() {
        return config.security().adminPassword().filter(p -> LaunchMode.current() == LaunchMode.DEVELOPMENT)
                .map(p -> Roles.ADMIN + ":" + p).orElse("USER:PASSWORD");
    }

    public boolean enabled() {
        return dir != null;
    }

    /** The demo cluster a demo host belongs to. */
    public String clusterOf(String host) {
        return layouts.stream().filter(l -> l.hostNames().contains(host)).map(DemoLayout::cluster).findFirst()
                .orElse(null);
    }

    /** Every demo cluster's hosts. */
    public Set<String> hostNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        layouts.forEach(l -> names.addAll(l.hostNames()));
        return names;
    }

    /** The host stops answering Lifeboat but keeps running its VMs: what a hung host or a cut cable looks like. */
    public void hang(String host) {
        hung.add(host);
        driver.sever(host);
        LOG.warnf("demo: %s stopped answering (its VMs still run until it is fenced)", host);
    }

    /** An operator fixed the host: it answers again once its power is on. */
    public void repair(String host) {
        hung.remove(host);
        if (!poweredOff.contains(host)) {
            driver.restore(host);
        }
    }

    public Path powerDir() {
        return dir.resolve("power");
    }

    /** Applies what the fence agent wrote: a host switched off loses its running domains and goes silent. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void followPower() {
        if (dir == null) {
            return;
        }
        for (String host : hostNames()) {
            boolean off = readPower(host).equals("off");
            if (off && poweredOff.add(host)) {
                driver.sever(host);
                try {
                    driver.destroyAllDomains(host);
                } catch (HypervisorException e) {
                    LOG.errorf("demo: powering off %s: %s", host, e.getMessage());
                }
                LOG.warnf("demo: %s is powered off; its domains stopped", host);
            } else if (!off && poweredOff.remove(host)) {
                if (!hung.contains(host)) {
                    driver.restore(host);
                }
                LOG.infof("demo: %s is powered on again", host);
            }
        }
    }

    private String readPower(String host) {
        try {
            Path file = powerFile(host);
            return Files.exists(file) ? Files.readString(file).strip() : "on";
        } catch (IOException e) {
            return "on";
        }
    }

    private Path hostFile(String host) {
        return dir.resolve(host + ".xml");
    }

    private Path powerFile(String host) {
        return powerDir().resolve(host + ".power");
    }

    /** The demo cluster as an operator would write it: the same document {@code lifeboat apply} takes. */
    private ClusterDocument document(DemoLayout layout) {
        ClusterSpec cluster = new ClusterSpec(layout.cluster(), ClusterMode.RHEL_HA, 1.0, 4.0, 1,
                (int) config.demo().heartbeatTimeout().toSeconds(), 0.5, null, ClusterUsage.STATIC, null, null, null);
        List<HostSpec> hosts = new ArrayList<>();
        List<VmSpec> vms = new ArrayList<>();
        for (DemoLayout.DemoHost host : layout.hosts()) {
            FenceLevelSpec fence = new FenceLevelSpec(1, AGENT,
                    Map.of("plug", host.name(), "power_dir", powerDir().toString()));
            hosts.add(new HostSpec(host.name(), "RHEL", "6.4", Hypervisor.KVM, host.cpus(), host.memoryMiB(),
                    HostSpecState.UP, List.of("san1"), List.of("mgmt", "prod"), Map.of(), List.of(fence),
                    "test://" + hostFile(host.name())));
            for (DemoLayout.DemoVm vm : host.vms()) {
                vms.add(new VmSpec(vm.name(), vm.vcpus(), vm.memoryMiB(), host.name(), VmSpecState.RUNNING, vm.ha(),
                        true, vm.priority(), List.of("san1"), List.of("prod"), null, null, null, null, null));
            }
        }
        return new ClusterDocument(cluster, hosts, vms, List.of());
    }
}
