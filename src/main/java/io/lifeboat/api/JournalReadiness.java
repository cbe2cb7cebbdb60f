package io.lifeboat.api;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.lifeboat.store.JournalMode;
import io.lifeboat.store.ResilientJournal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Readiness says where the journal is kept: down while the database cannot be written and actions go to the local
 * file (configuration changes wait), up once the database took every entry back. It names no database error: the
 * endpoint needs no login, and the log has it.
 */
@Readiness
@ApplicationScoped
public class JournalReadiness implements HealthCheck {
    @Inject
    ResilientJournal journal;

    @Override
    public HealthCheckResponse call() {
        JournalMode mode = journal.mode();
        if (!mode.local()) {
            return HealthCheckResponse.named("journal").up().withData("kept", "database").build();
        }
        return HealthCheckResponse.named("journal").down().withData("kept", "local file")
                .withData("since", String.valueOf(mode.since())).withData("entries", journal.localEntries()).build();
    }
}
