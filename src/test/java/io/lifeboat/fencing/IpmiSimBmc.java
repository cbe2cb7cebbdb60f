package io.lifeboat.fencing;

import static org.awaitility.Awaitility.await;

import io.lifeboat.fencing.FenceResult.PowerState;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real IPMI BMC on 127.0.0.1: OpenIPMI's {@code ipmi_sim} with a chassis-control script that keeps the
 * simulated host's power in a file, so tests can check what {@code fence_ipmilan} really did. Public for the
 * live-cluster tests of other packages.
 */
public final class IpmiSimBmc implements AutoCloseable {

    public static final String USER = "admin";
    public static final String PASSWORD = "secret";

    // A second ipmi_sim on a busy port does not fail, it silently breaks both: never hand out a port twice.
    private static final Set<Integer> PORTS_HANDED_OUT = new HashSet<>();

    private static final String CHASSIS_SCRIPT = """
            #!/bin/sh
            # Called by ipmi_sim as: chassis.sh STATEFILE get power | set power 0|1
            state="$1"; op="$2"; shift 2
            case "$op" in
              get)
                for parm in "$@"; do
                  [ "$parm" = power ] && echo "power:$(cat "$state")"
                done ;;
              set)
                # A refusing BMC answers the set with an error; the agent then reports failure.
                [ -e "$(dirname "$state")/refuse" ] && exit 1
                # A hanging BMC takes its time (hangSetPower): the agent's own timeout ends the wait.
                [ -e "$(dirname "$state")/hang" ] && sleep "$(cat "$(dirname "$state")/hang")"
                while [ $# -ge 2 ]; do
                  [ "$1" = power ] && echo "$2" > "$state"
                  # What switching the power off does to the host, when a test gave it (onPowerOff).
                  [ "$1" = power ] && [ "$2" = 0 ] && [ -x "$(dirname "$state")/on-power-off" ] \
                    && "$(dirname "$state")/on-power-off"
                  shift 2
                done ;;
            esac
            exit 0
            """;

    private static final String EMU = """
            mc_setbmc 0x20
            mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02
            sel_enable 0x20 50 0x0a
            mc_enable 0x20
            """;

    private final Path dir;
    private final Path powerFile;
    private final int port;
    private final String password;
    private final Process process;

    public static boolean installed() {
        return onPath("ipmi_sim") && onPath("ipmitool");
    }

    public static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":")).map(p -> Path.of(p, command)).anyMatch(Files::isExecutable);
    }

    /** Starts a BMC with the host powered on and waits until it answers IPMI. */
    public static IpmiSimBmc start() throws IOException {
        return start(PASSWORD);
    }

    /**
     * A BMC whose user {@link #USER} has this password: 1 to 20 letters and digits (the IPMI limit), so that tests of
     * secrets can use a distinctive one.
     */
    public static IpmiSimBmc start(String password) throws IOException {
        if (!password.matches("[A-Za-z0-9]{1,20}")) {
            throw new IllegalArgumentException("an ipmi_sim password is 1-20 letters and digits");
        }
        return new IpmiSimBmc(Files.createTempDirectory("lifeboat-ipmi-sim-"), freeUdpPort(), password);
    }

    private IpmiSimBmc(Path dir, int port, String password) throws IOException {
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.powerFile = dir.resolve("power");
        Files.writeString(powerFile, "1\n");
        Path script = dir.resolve("chassis.sh");
        Files.writeString(script, CHASSIS_SCRIPT);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("sim.emu"), EMU);
        Files.writeString(dir.resolve("lan.conf"), lanConf(port, script, powerFile, password));
        Files.createDirectories(dir.resolve("state"));
        process = new ProcessBuilder("ipmi_sim", "-n", "-c", "lan.conf", "-f", "sim.emu", "-s", "state")
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ipmi_sim.log").toFile())
                .start();
        try {
            await("ipmi_sim on UDP port " + port + " answering")
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(this::answers);
        } catch (RuntimeException e) {
            String log = Files.readString(dir.resolve("ipmi_sim.log"));
            close();
            throw new IllegalStateException("ipmi_sim did not come up on port " + port + "; log:\n" + log, e);
        }
    }

    static String lanConf(int port, Path script, Path powerFile, String password) {
        return """
                name "lifeboat"
                set_working_mc 0x20
                startlan 1
                  addr 127.0.0.1 %d
                  priv_limit admin
                  allowed_auths_callback none md2 md5 straight
                  allowed_auths_user none md2 md5 straight
                  allowed_auths_operator none md2 md5 straight
                  allowed_auths_admin none md2 md5 straight
                  guid a123456789abcdefa123456789abcdef
                endlan
                chassis_control "%s %s"
                user 2 true "%s" "%s" admin 10 none md2 md5 straight
                """.formatted(port, script, powerFile, USER, password);
    }

    private boolean answers() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("ipmi_sim exited with " + process.exitValue());
        }
        Process ipmitool = new ProcessBuilder("ipmitool", "-I", "lanplus", "-C", "3", "-N", "1", "-R", "1",
                "-H", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-P", password,
                "chassis", "power", "status")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!ipmitool.waitFor(5, TimeUnit.SECONDS)) {
            ipmitool.destroyForcibly();
            return false;
        }
        return ipmitool.exitValue() == 0;
    }

    public int port() {
        return port;
    }

    /** Parameters for fence_ipmilan that reach this BMC quickly (see LAB-NOTES "Fence agents"). */
    public Map<String, String> agentParams(String password) {
        return Map.of(
                "ip", "127.0.0.1",
                "ipport", String.valueOf(port),
                "username", USER,
                "password", password,
                "lanplus", "1",
                "cipher", "3",
                "power_wait", "0",
                "power_timeout", "5");
    }

    /** This BMC's own password. */
    public String password() {
        return password;
    }

    /** The simulated host's power as the chassis-control script last set it. */
    public PowerState powerState() {
        try {
            return switch (Files.readString(powerFile).strip()) {
                case "1" -> PowerState.ON;
                case "0" -> PowerState.OFF;
                default -> PowerState.UNKNOWN;
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The power state as the BMC itself reports it over IPMI ({@code ipmitool chassis power status}). */
    public PowerState powerStateOverIpmi() {
        try {
            Process ipmitool = new ProcessBuilder("ipmitool", "-I", "lanplus", "-C", "3", "-N", "1", "-R", "2",
                    "-H", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-P", password,
                    "chassis", "power", "status")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(ipmitool.getInputStream().readAllBytes()).strip();
            if (!ipmitool.waitFor(10, TimeUnit.SECONDS) || ipmitool.exitValue() != 0) {
                ipmitool.destroyForcibly();
                return PowerState.UNKNOWN;
            }
            return out.endsWith("is on") ? PowerState.ON : out.endsWith("is off") ? PowerState.OFF : PowerState.UNKNOWN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PowerState.UNKNOWN;
        }
    }

    /**
     * Shell commands the BMC runs each time it switches the host off, before it answers (the agent may send the
     * request more than once): what the power cut does to the host, e.g. killing the host's hypervisor daemon.
     */
    public void onPowerOff(String shellCommands) {
        try {
            Path hook = dir.resolve("on-power-off");
            Files.writeString(hook, "#!/bin/sh\n" + shellCommands + "\nexit 0\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** While hanging, every "set power" takes {@code seconds} before it is done (zero: no longer hangs). */
    public void hangSetPower(int seconds) {
        try {
            Path flag = dir.resolve("hang");
            if (seconds > 0) {
                Files.writeString(flag, String.valueOf(seconds));
            } else {
                Files.deleteIfExists(flag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** While refusing, every "set power" answers an error, like a BMC that cannot switch the host. */
    public void refuseSetPower(boolean refuse) {
        try {
            Path flag = dir.resolve("refuse");
            if (refuse) {
                Files.writeString(flag, "");
            } else {
                Files.deleteIfExists(flag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        // SIGKILL: ipmi_sim takes seconds to act on SIGTERM, and nothing of its state is worth saving.
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Temp dir; leftovers are harmless.
        }
    }

    /** A UDP port nothing listens on right now, never handed out twice in this JVM. */
    public static int freeUdpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int candidate = socket.getLocalPort();
                synchronized (PORTS_HANDED_OUT) {
                    if (PORTS_HANDED_OUT.add(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        throw new IOException("no free UDP port found");
    }
}
