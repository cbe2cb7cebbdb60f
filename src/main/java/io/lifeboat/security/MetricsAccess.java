package io.lifeboat.security;

import io.lifeboat.api.Roles;
import io.lifeboat.config.LifeboatConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may read {@code /q/metrics} (it is not a JAX-RS endpoint, so the HTTP permission "metrics" in
 * application.properties points here): a viewer, or anyone when {@code lifeboat.security.metrics-open} is set for a
 * Prometheus that scrapes without credentials.
 */
@ApplicationScoped
public class MetricsAccess implements HttpSecurityPolicy {
    @Inject
    LifeboatConfig config;

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext context) {
        if (config.security().metricsOpen()) {
            return CheckResult.permit();
        }
        // An anonymous identity that is denied gets the authentication challenge (401), any other a 403.
        return identity.map(who -> who.hasRole(Roles.VIEWER) ? CheckResult.PERMIT : CheckResult.DENY);
    }

    @Override
    public String name() {
        return "metrics";
    }
}
