package io.lifeboat.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;

import io.lifeboat.security.UserAccounts;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;

/**
 * The database as the service sees it (same datasource settings, Flyway migrations, entities and bcrypt), reached by
 * starting Lifeboat in Quarkus command mode with the live service off: no policy, no hosts, no HTTP listener, so it
 * can run next to a running service. That is how the first user is made before anyone can call the API.
 */
final class CommandModeDatabase implements UserDatabase {
    /** Quarkus creates the application itself, so the work is handed over here (one command per process). */
    private static final AtomicReference<ToIntFunction<UserAccounts>> WORK = new AtomicReference<>();
    private final PrintStream err;

    CommandModeDatabase(PrintStream err) {
        this.err = err;
    }

    @Override
    public int run(ToIntFunction<UserAccounts> work) {
        System.setProperty("lifeboat.service.enabled", "false");
        System.setProperty("quarkus.http.host-enabled", "false");
        // The command's own output is what its caller reads: Quarkus says only what went wrong, on stderr.
        System.setProperty("quarkus.banner.enabled", "false");
        System.setProperty("quarkus.log.level", "WARN");
        System.setProperty("quarkus.log.console.stderr", "true");
        WORK.set(work);
        int[] exit = {1};
        Quarkus.run(Application.class, (code, failure) -> {
            exit[0] = failure == null ? code : 1;
            if (failure != null) {
                err.println("lifeboat: cannot use the database (the service's datasource settings, "
                        + "QUARKUS_DATASOURCE_*): " + rootCause(failure).getMessage());
            }
        });
        return exit[0];
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Runs the handed-over work with the users bean, then lets Quarkus stop. */
    public static class Application implements QuarkusApplication {
        @Inject
        UserAccounts users;

        @Override
        public int run(String... args) {
            return WORK.get().applyAsInt(users);
        }
    }
}
