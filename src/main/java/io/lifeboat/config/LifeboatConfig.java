package io.lifeboat.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Lifeboat's settings. Key names are public API: change them only with a version bump. */
@ConfigMapping(prefix = "lifeboat")
public interface LifeboatConfig {

    Policy policy();

    Dispatch dispatch();

    Fencing fencing();

    Monitor monitor();

    Demo demo();

    Security security();

    Service service();

    Leadership leadership();

    Journal journal();

    Api api();

    Alerts alerts();

    Metrics metrics();

    interface Alerts {
        /**
         * A directory of alert agents, as Pacemaker's: every executable in it is run for every alert, with the alert
         * in its environment (README "Alerts"). Absent: alerts go to the log and the journal only.
         */
        Optional<Path> dir();

        /** Longest one alert agent run may take; it is killed, with every process it started, after it. */
        @WithDefault("30s")
        Duration timeout();

        /**
         * Pacemaker's recipients: each agent runs once per recipient, given as {@code CRM_alert_recipient} (a mail
         * address, a file, a URL: the agent decides). None: each agent runs once, with an empty recipient.
         */
        Optional<List<String>> recipients();

        /**
         * The format of {@code CRM_alert_timestamp}, a {@link java.time.format.DateTimeFormatter} pattern, in UTC;
         * the default is Pacemaker's {@code %H:%M:%S.%06N}.
         */
        @WithDefault("HH:mm:ss.SSSSSS")
        String timestampFormat();
    }

    interface Metrics {
        /**
         * How often the gauges of {@code /q/metrics} (hosts by state, blocked VMs by reason) are read from the live
         * session; a scrape reads the latest copy and never waits for the policy loop.
         */
        @WithDefault("5s")
        Duration refresh();
    }

    interface Api {
        /**
         * The largest request body accepted; larger ones get 413 BODY_TOO_LARGE. 64M fits a cluster document of
         * 50 000 VMs (about 20 MB of JSON) with room to spare. Keep {@code quarkus.http.limits.max-body-size} above it.
         */
        @WithDefault("64M")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();
    }

    interface Security {
        /**
         * The password of the {@code admin} user created, with every role, when Lifeboat starts and no user exists
         * (environment: {@code LIFEBOAT_ADMIN_PASSWORD}). Ignored once any user exists.
         */
        Optional<String> adminPassword();

        /** Lets Prometheus scrape {@code /q/metrics} without credentials; otherwise it needs the viewer role. */
        @WithDefault("false")
        boolean metricsOpen();

        /** bcrypt cost of new password hashes (2^cost rounds); each hash keeps its own, so it can be raised later. */
        @WithDefault("10")
        int bcryptCost();
    }

    /** The journal of actions when the database cannot be written. */
    interface Journal {
        /**
         * The local write-ahead file: while the database cannot be written, every action is journalled here (appended
         * and fsync'd) before it is carried out, and merged into the database when it returns. Put it on storage that
         * outlives the process (a volume in a container).
         */
        @WithDefault("lifeboat-journal.wal")
        Path localFile();

        /** How often entries kept in the local file are offered to the database again. */
        @WithDefault("5s")
        Duration mergeEvery();
    }

    /**
     * Replicas sharing one database: for each cluster, the one holding a lease (with a fencing token) leads; the
     * others stand by and take over when it ends. Off: this Lifeboat manages its cluster alone.
     */
    interface Leadership {
        @WithDefault("false")
        boolean enabled();

        /** How long a lease lasts unless renewed; it is renewed every third of it. */
        @WithDefault("15s")
        Duration ttl();

        /** This replica's name in the lease; default: the host name and the process id. */
        Optional<String> replica();
    }

    interface Service {
        /**
         * Run the live service. The {@code lifeboat user} commands start Lifeboat with {@code false}: the database
         * only, no policy, no hosts, no HTTP.
         */
        @WithDefault("true")
        boolean enabled();
    }

    interface Policy {
        /** An operator's directory of extra DRL files, compiled after the shipped policy. */
        Optional<Path> rulesDir();

        /** How often the policy loop wakes to let time-based rules fire when nothing else happens. */
        @WithDefault("250ms")
        Duration tick();

        /** Reload by itself when a .drl file of the rules directory changes. */
        @WithDefault("true")
        boolean watch();

        /** A burst of file changes is one reload, this long after the last change. */
        @WithDefault("500ms")
        Duration reloadQuietPeriod();

        /**
         * Ids of shipped safety rules ({@code @safety(true)}) that an operator rule may replace; any other such
         * override is refused. Each allowed one is logged at every load.
         */
        Optional<Set<String>> allowSafetyOverrides();
    }

    interface Dispatch {
        /** Longest an action's plugin may take before the action counts as TIMED_OUT. */
        @WithDefault("90s")
        Duration timeout();

        /** Actions carried out at once. */
        @WithDefault("4")
        int threads();
    }

    interface Fencing {
        /** Directories searched, in order, for fence agent executables ({@code fence_*}). */
        @WithDefault("fence-plugins,/usr/sbin")
        List<Path> agentPath();

        /** Longest one fence agent run may take; the agent is killed after it. */
        @WithDefault("60s")
        Duration agentTimeout();

        /**
         * How long after Lifeboat starts managing a cluster no fence attempt starts, so that its view of the hosts
         * (connections, first probes) can form; hosts still silent then are fenced. 0 to fence at once.
         */
        @WithDefault("60s")
        Duration startupGrace();
    }

    interface Monitor {
        /** How often every host is probed; a probe that answers is that host's heartbeat. */
        @WithDefault("5s")
        Duration interval();

        /**
         * Longest one probe of one host may take (connecting included); an answer after it counts as silence for that
         * round. Hosts are probed in parallel, so a slow or hung host never delays another's heartbeat.
         */
        @WithDefault("10s")
        Duration probeTimeout();

        /** How long after a failed connection attempt the next one is made; it doubles after each failure. */
        @WithDefault("1s")
        Duration reconnectBackoff();

        /**
         * The longest wait between two connection attempts to a host whose connection failed: well under the heartbeat
         * timeout, so that a host whose libvirtd restarted is connected again before it would be declared silent.
         */
        @WithDefault("10s")
        Duration reconnectBackoffMax();
    }

    interface Demo {
        /** Generate and manage a demo cluster of libvirt test-driver hosts (quick start only). */
        @WithDefault("false")
        boolean enabled();

        /** Where the demo's host files and power-state files live. */
        @WithDefault(".lifeboat/demo")
        Path dir();

        /** How many demo clusters one Lifeboat manages: demo (h1-h3), demo-2 (h4-h6)... */
        @WithDefault("1")
        @jakarta.validation.constraints.Min(1)
        @jakarta.validation.constraints.Max(9)
        int clusters();

        /** The demo cluster's heartbeat timeout, short so that a failover can be watched. */
        @WithDefault("10s")
        Duration heartbeatTimeout();
    }
}
