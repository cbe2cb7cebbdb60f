package io.lifeboat.testing;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.fencing.FenceResult.PowerState;
import io.lifeboat.fencing.IpmiSimBmc;
import io.lifeboat.hypervisor.DomainView;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.LibvirtDriver;

/**
 * The power of libvirt test-driver hosts, held by real BMCs: one {@code ipmi_sim} per host on 127.0.0.1. When a BMC
 * switches its host off, the host really dies for Lifeboat, as a machine would: its domains are destroyed and
 * Lifeboat's own libvirt connection to it stops answering. (A test-driver host keeps its state in Lifeboat's
 * connection, so only Lifeboat's {@link LibvirtDriver} can do that; the demo's {@code DemoCluster} does the same for
 * its power files.) Power coming back is not modelled: a dead host stays dead.
 *
 * <p>The BMCs' power is followed twice: on the fencing thread when Lifeboat confirms a host off (before the fence
 * counts as done, so that a restarted VM never briefly runs twice), and by a poll, so that a host dies whenever its
 * BMC cut the power, whatever Lifeboat believes.
 */
public final class BmcPoweredHosts implements AutoCloseable {
    private final Map<String, IpmiSimBmc> bmcs = new LinkedHashMap<>();
    private final LibvirtDriver driver;
    private final Set<String> dead = ConcurrentHashMap.newKeySet();
    private final Set<String> killedBmcs = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "test-bmc-power-follower");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    private BmcPoweredHosts(LibvirtDriver driver) {
        this.driver = driver;
    }

    /** One BMC per host, with that host's password; each host powered on. */
    public static BmcPoweredHosts start(LibvirtDriver driver, PowerLedger ledger, Map<String, String> passwordByHost)
            throws IOException {
        BmcPoweredHosts hosts = new BmcPoweredHosts(driver);
        try {
            for (Map.Entry<String, String> host : passwordByHost.entrySet()) {
                hosts.bmcs.put(host.getKey(), IpmiSimBmc.start(host.getValue()));
            }
        } catch (IOException | RuntimeException e) {
            hosts.close();
            throw e;
        }
        // Listeners cannot be removed: once closed, this one does nothing.
        ledger.whenConfirmedOff(host -> hosts.followPower());
        hosts.poll.scheduleWithFixedDelay(() -> {
            try {
                hosts.followPower();
            } catch (RuntimeException e) {
                // A power file read while being written: the next poll reads it again (an exception would end the poll).
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        return hosts;
    }

    public IpmiSimBmc bmc(String host) {
        IpmiSimBmc bmc = bmcs.get(host);
        if (bmc == null) {
            throw new IllegalArgumentException("no BMC for " + host);
        }
        return bmc;
    }

    /** fence_ipmilan's parameters for this host's BMC: its port, user and password, fast timeouts (LAB-NOTES). */
    public Map<String, String> fenceParams(String host) {
        return new TreeMap<>(bmc(host).agentParams(bmc(host).password()));
    }

    /** The host stops answering Lifeboat, and goes on running its VMs: a hung host, or a cut cable. */
    public void hang(String host) {
        driver.sever(host);
    }

    /** Kills a host's BMC: nothing listens on its port any more; the host itself keeps running. */
    public void killBmc(String host) {
        IpmiSimBmc bmc = bmc(host);
        killedBmcs.add(host);
        synchronized (this) {
            bmc.close();
        }
    }

    /** What each host's hypervisor really runs (not what Lifeboat believes), host by host. */
    public Map<String, List<String>> runningDomains() throws HypervisorException {
        Map<String, List<String>> running = new TreeMap<>();
        for (String host : bmcs.keySet()) {
            running.put(host, driver.probeIgnoringSever(host).domains().stream().filter(DomainView::present)
                    .map(DomainView::name).sorted().toList());
        }
        return running;
    }

    /** How many copies of each VM run, over every host. */
    public Map<String, Long> copiesRunning() throws HypervisorException {
        return runningDomains().values().stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(vm -> vm, TreeMap::new, Collectors.counting()));
    }

    private synchronized void followPower() {
        if (closed) {
            return;
        }
        bmcs.forEach((host, bmc) -> {
            if (!dead.contains(host) && !killedBmcs.contains(host) && bmc.powerState() == PowerState.OFF) {
                driver.sever(host);
                try {
                    driver.destroyAllDomains(host);
                    dead.add(host);
                } catch (HypervisorException e) {
                    // Not connected (yet, or any more): tried again on the next poll.
                }
            }
        });
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        poll.shutdownNow();
        bmcs.forEach((host, bmc) -> {
            if (!killedBmcs.contains(host)) {
                bmc.close();
            }
        });
    }
}
