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
import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.ClusterUsage;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.service.LifeboatConfig;
import io.lifeboat.store.ClusterStore;
import io.lifeboat.store.FenceDeviceRecord;
import io.lifeboat.store.HostRecord;
import io.lifeboat.store.VmRecord;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The quick start's cluster: three libvirt test-driver hosts (one {@code test:///...xml} file each) with VMs, and a
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
    ClusterStore store;
    @Inject
    LibvirtDriver driver;
    @Inject
    PowerLedger ledger;

    private final Set<String> poweredOff = ConcurrentHashMap.newKeySet();
    private final Set<String> hung = ConcurrentHashMap.newKeySet();
    private volatile Path dir;

    /** Seeds before the live service loads the store (its priority is 20). */
    void seed(@Observes @Priority(10) StartupEvent event) {
        if (!config.demo().enabled() || !config.service().enabled()) {
            return;
        }
        dir = config.demo().dir().toAbsolutePath();
        DemoLayout layout = DemoLayout.standard();
        try {
            Files.createDirectories(powerDir());
            for (DemoLayout.DemoHost host : layout.hosts()) {
                Files.writeString(hostFile(host.name()), layout.nodeXml(host));
                Files.writeString(powerFile(host.name()), "on");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo cluster under " + dir, e);
        }
        // A fenced host must lose its VMs before the fence counts as done, or a restarted VM would briefly run twice.
        ledger.whenConfirmedOff(host -> followPower());
        if (store.isEmpty()) {
            store.save(settings(), hostRecords(layout), vmRecords(layout), fenceRecords(layout));
            LOG.infof("demo cluster written to the store: hosts %s", layout.hostNames());
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

    public Set<String> hostNames() {
        return DemoLayout.standard().hostNames();
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

    private ClusterSettings settings() {
        return new ClusterSettings("demo", ClusterMode.RHEL_HA, 1.0, 4.0, 1, config.demo().heartbeatTimeout(), 0.5,
                ClusterUsage.STATIC);
    }

    private List<HostRecord> hostRecords(DemoLayout layout) {
        List<HostRecord> records = new ArrayList<>();
        for (DemoLayout.DemoHost host : layout.hosts()) {
            HostRecord record = new HostRecord();
            record.name = host.name();
            record.os = "RHEL";
            record.osVersion = "6.4";
            record.hypervisor = io.lifeboat.facts.Hypervisor.KVM;
            record.cpus = host.cpus();
            record.memoryMiB = host.memoryMiB();
            record.connectionUri = "test://" + hostFile(host.name());
            record.storage = "san1";
            record.networks = "mgmt,prod";
            records.add(record);
        }
        return records;
    }

    private static List<VmRecord> vmRecords(DemoLayout layout) {
        List<VmRecord> records = new ArrayList<>();
        for (DemoLayout.DemoHost host : layout.hosts()) {
            for (DemoLayout.DemoVm vm : host.vms()) {
                VmRecord record = new VmRecord();
                record.name = vm.name();
                record.vcpus = vm.vcpus();
                record.memoryMiB = vm.memoryMiB();
                record.host = host.name();
                record.running = true;
                record.ha = vm.ha();
                record.managed = true;
                record.priority = vm.priority();
                records.add(record);
            }
        }
        return records;
    }

    private List<FenceDeviceRecord> fenceRecords(DemoLayout layout) {
        List<FenceDeviceRecord> records = new ArrayList<>();
        for (DemoLayout.DemoHost host : layout.hosts()) {
            FenceDeviceRecord record = new FenceDeviceRecord();
            record.host = host.name();
            record.level = 1;
            record.agent = AGENT;
            record.params = store.toJson(Map.of("plug", host.name(), "power_dir", powerDir().toString()));
            records.add(record);
        }
        return records;
    }
}
