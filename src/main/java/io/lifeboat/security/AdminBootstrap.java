package io.lifeboat.security;

import org.jboss.logging.Logger;

import io.lifeboat.config.LifeboatConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * First start: with no user in the store, nobody could call the API, so {@code admin} is created from
 * {@code lifeboat.security.admin-password} ({@code LIFEBOAT_ADMIN_PASSWORD}) if it is set; otherwise the log says how
 * to create a user.
 */
@ApplicationScoped
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    @Inject
    LifeboatConfig config;
    @Inject
    UserAccounts users;

    void createFirstAdmin(@Observes StartupEvent event) {
        if (!config.service().enabled()) {
            return;
        }
        var password = config.security().adminPassword();
        if (password.isPresent()) {
            if (users.createFirstAdmin(password.get())) {
                LOG.info("created the API user admin with every role (password from lifeboat.security.admin-password)");
            }
        } else if (users.none()) {
            LOG.warn("no API user exists, so nobody can use the API: set LIFEBOAT_ADMIN_PASSWORD and restart to create "
                    + "the user admin, or run: LIFEBOAT_NEW_PASSWORD=... lifeboat user add admin --role admin");
        }
    }
}
