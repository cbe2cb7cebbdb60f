package io.lifeboat.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A MariaDB server of the test's own: its own data directory and port on 127.0.0.1, so that a test can stop and start
 * it (a database outage) without touching the server the rest of the suite uses. Quarkus's datasource points at it,
 * with short connect and socket timeouts so that an outage is noticed in seconds.
 */
public final class OwnMariaDb implements QuarkusTestResourceLifecycleManager {
    public static final String DATABASE = "lifeboat";
    private static OwnMariaDb running;

    private Path dir;
    private int port;
    private Process server;

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/mariadbd")) && Files.isExecutable(Path.of("/usr/bin/mariadb-install-db"));
    }

    /** The server the running test uses. */
    public static OwnMariaDb current() {
        return running;
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("lifeboat-own-mariadb-");
            port = freePort();
            Process install = new ProcessBuilder("mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
                    "--auth-root-authentication-method=normal", "--user=root", "--skip-test-db")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
            if (!install.waitFor(60, TimeUnit.SECONDS) || install.exitValue() != 0) {
                throw new IllegalStateException("mariadb-install-db failed: " + Files.readString(dir.resolve("install.log")));
            }
            startServer();
            try (Connection db = connect(""); Statement sql = db.createStatement()) {
                sql.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | SQLException e) {
            throw new IllegalStateException(e);
        }
        running = this;
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl() + "?connectTimeout=2000&socketTimeout=10000",
                "quarkus.datasource.username", "root",
                "quarkus.datasource.password", "");
    }

    /** The server's JDBC URL without a database. */
    public String serverUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Starts the server on its data directory and port, and waits until it answers. */
    public synchronized void startServer() throws IOException {
        server = new ProcessBuilder("mariadbd", "--no-defaults", "--datadir=" + dir.resolve("data"), "--port=" + port,
                "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mariadb.sock"), "--user=root", "--skip-log-bin",
                "--innodb-buffer-pool-size=32M", "--pid-file=" + dir.resolve("mariadb.pid"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
                .start();
        await("MariaDB on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!server.isAlive()) {
                throw new IllegalStateException("mariadbd exited: " + Files.readString(dir.resolve("server.log")));
            }
            try (Connection ignored = connect("")) {
                return true;
            } catch (SQLException notYet) {
                return false;
            }
        });
    }

    /** Whether the server runs and answers. */
    public synchronized boolean answers() {
        try (Connection ignored = connect("")) {
            return true;
        } catch (SQLException down) {
            return false;
        }
    }

    /** The database goes away at once (SIGKILL): every connection breaks, new ones are refused. */
    public synchronized void killServer() throws InterruptedException {
        server.destroyForcibly();
        server.waitFor(30, TimeUnit.SECONDS);
    }

    /** A connection of the test's own, to the database (or, with "", to the server). */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + database, "root", "");
    }

    @Override
    public void stop() {
        try {
            killServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: leftovers are harmless
        }
        running = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
