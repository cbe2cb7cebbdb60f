package io.lifeboat.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * One Lifeboat replica as operators run it: the packaged jar in a process of its own (production profile), configured
 * by environment variables, its output in a log file. Tests kill it with SIGKILL, pause it with SIGSTOP, and talk to
 * its REST API as the admin user.
 */
public final class LifeboatProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final String replica;
    private final int port;
    private final String adminPassword;
    private final Path log;
    private final Process process;

    private LifeboatProcess(String replica, int port, String adminPassword, Path log, Process process) {
        this.replica = replica;
        this.port = port;
        this.adminPassword = adminPassword;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar with these environment variables (and its port) and waits until it answers. */
    public static LifeboatProcess start(String replica, Path logDir, String adminPassword, Map<String, String> env)
            throws IOException {
        int port = freeTcpPort();
        Files.createDirectories(logDir);
        Path log = logDir.resolve(replica + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toAbsolutePath().toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("LIFEBOAT_LEADERSHIP_REPLICA", replica);
        builder.environment().put("LIFEBOAT_ADMIN_PASSWORD", adminPassword);
        LifeboatProcess started = new LifeboatProcess(replica, port, adminPassword, log, builder.start());
        try {
            await(replica + " answering on port " + port).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(started::answers);
        } catch (RuntimeException e) {
            started.close(); // never leave a replica behind that would compete for the next test's lease
            throw e;
        }
        return started;
    }

    private boolean answers() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException(replica + " exited: " + Files.readString(log));
        }
        try {
            return RestAssured.given().baseUri(url()).get("/q/health/live").statusCode() == 200;
        } catch (Exception notYet) { // RestAssured throws ConnectException unchecked
            return false;
        }
    }

    public String replica() {
        return replica;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** A request to this replica as the admin user. */
    public RequestSpecification admin() {
        return RestAssured.given().baseUri(url()).auth().preemptive().basic("admin", adminPassword);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGSTOP: the replica freezes mid-work, its threads and clocks with it, as a long GC pause or a stopped VM. */
    public void pause() throws IOException, InterruptedException {
        Processes.signal(pid(), "STOP");
    }

    /** SIGCONT: the paused replica wakes up and carries on where it was. */
    public void resume() throws IOException, InterruptedException {
        Processes.signal(pid(), "CONT");
    }

    /** SIGKILL: gone at once, nothing released, nothing flushed. */
    @Override
    public void close() {
        Processes.kill(process, 10);
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
