package io.lifeboat.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;

/**
 * A simulated host that several processes can share: its own {@code libvirtd} serving libvirt's test driver on a Unix
 * socket of its own, reached as {@code test+unix:///default?socket=...}. The daemon keeps the {@code default} state
 * while a connection is open, so this object holds one for the whole test; it is also how the test asks the host
 * itself what runs there. Stopping the daemon ({@link #hang}) is a host that hangs; killing it is a host switched
 * off: its VMs are gone with it.
 */
public final class LibvirtdHost implements AutoCloseable {
    private static final Path LIBVIRTD = Path.of("/usr/sbin/libvirtd");

    private final String name;
    private final Path dir;
    private final Process daemon;
    private final Connect connect;
    /** What ran when the host hung: a stopped daemon answers nobody, its domains still run. */
    private volatile List<String> runningWhenHung;

    public static boolean installed() {
        return Files.isExecutable(LIBVIRTD);
    }

    /**
     * Starts the host's daemon in a directory of its own under the system's temporary directory (a Unix socket's path
     * is at most 107 bytes), removes the test driver's sample domain and defines and starts {@code vms} (MiB).
     */
    public static LibvirtdHost start(String name, Map<String, Long> vms) throws IOException, LibvirtException {
        Path dir = Files.createTempDirectory("lifeboat-libvirtd-");
        Files.createDirectories(dir.resolve("drivers"));
        Files.writeString(dir.resolve("libvirtd.conf"), """
                unix_sock_dir = "%s"
                unix_sock_rw_perms = "0700"
                auth_unix_rw = "none"
                auth_unix_ro = "none"
                log_outputs = "3:stderr"
                """.formatted(dir));
        ProcessBuilder builder = new ProcessBuilder(LIBVIRTD.toString(), "-f", dir.resolve("libvirtd.conf").toString(),
                "-p", dir.resolve("libvirtd.pid").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("libvirtd.log").toFile());
        // An empty driver directory: only the built-in test driver, no QEMU driver that needs a system set up for it.
        builder.environment().put("LIBVIRT_DRIVER_DIR", dir.resolve("drivers").toString());
        Process daemon = builder.start();
        await(name + "'s libvirtd socket").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!daemon.isAlive()) {
                        throw new IllegalStateException("libvirtd exited: " + Files.readString(dir.resolve("libvirtd.log")));
                    }
                    return Files.exists(dir.resolve("libvirt-sock"));
                });
        return new LibvirtdHost(name, dir, daemon, vms);
    }

    private LibvirtdHost(String name, Path dir, Process daemon, Map<String, Long> vms) throws LibvirtException {
        this.name = name;
        this.dir = dir;
        this.daemon = daemon;
        this.connect = new Connect(uri());
        connect.setErrorCallback(new ErrorCallback());
        Domain sample = connect.domainLookupByName("test");
        sample.destroy();
        sample.undefine();
        sample.free();
        for (Map.Entry<String, Long> vm : vms.entrySet()) {
            Domain domain = connect.domainDefineXML("<domain type='test'><name>" + vm.getKey() + "</name><memory unit='MiB'>"
                    + vm.getValue() + "</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>");
            domain.create();
            domain.free();
        }
    }

    public String name() {
        return name;
    }

    public String uri() {
        return "test+unix:///default?socket=" + dir.resolve("libvirt-sock");
    }

    public long pid() {
        return daemon.pid();
    }

    /** The domains that run on the host now, asked of the host itself (of a hung host: what ran when it hung). */
    public List<String> running() throws LibvirtException {
        if (runningWhenHung != null) {
            return runningWhenHung;
        }
        List<String> running = new ArrayList<>();
        for (int id : connect.listDomains()) {
            Domain domain = connect.domainLookupByID(id);
            running.add(domain.getName());
            domain.free();
        }
        return running;
    }

    public boolean poweredOn() {
        return daemon.isAlive();
    }

    /** The host hangs: its daemon stops (SIGSTOP) and answers nobody; its VMs still run. */
    public void hang() throws IOException, InterruptedException, LibvirtException {
        runningWhenHung = List.copyOf(running());
        Processes.signal(pid(), "STOP");
    }

    public boolean hung() {
        return runningWhenHung != null;
    }

    /** Shell commands that switch the host off: its daemon killed, its VMs gone (for a BMC's power-off hook). */
    public String powerOffCommand() {
        return "kill -9 " + pid() + " 2>/dev/null";
    }

    @Override
    public void close() {
        Processes.kill(daemon, 5);
        try {
            connect.close();
        } catch (LibvirtException ignored) {
            // the daemon is gone: nothing to close cleanly
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: leftovers are harmless
        }
    }
}
