package io.lifeboat.api;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The cluster-scoped API: {@code /api/v1/clusters/{cluster}/hosts/h1} is {@code /api/v1/hosts/h1} about that cluster.
 * Rewritten before matching, so each resource serves both paths and has one set of roles; the unscoped paths keep
 * working while the deployment has one cluster ({@link ClusterScope}). What concerns the whole deployment (policies,
 * users, simulate, fence agents, the session) has no scoped path.
 */
public class ClusterPaths {
    static final Pattern SCOPED = Pattern.compile("/?api/v1/clusters/([^/]+)(/([^/]+).*)");
    /** The first path segments of what belongs to one cluster. */
    static final Set<String> PER_CLUSTER = Set.of("cluster", "hosts", "vms", "failover-domains", "status", "events",
            "violations", "explain", "journal");

    @Inject
    ClusterScope scope;

    @ServerRequestFilter(preMatching = true)
    public void scope(ContainerRequestContext request) {
        // The raw path: a name with an encoded '/' or '%' must reach the resource as it was sent.
        String base = request.getUriInfo().getBaseUri().toString();
        String path = request.getUriInfo().getRequestUri().getRawPath();
        String basePath = request.getUriInfo().getBaseUri().getRawPath();
        Matcher scoped = SCOPED.matcher(path.startsWith(basePath) ? path.substring(basePath.length()) : path);
        if (scoped.matches() && PER_CLUSTER.contains(scoped.group(3))) {
            scope.named(decoded(scoped.group(1)));
            String query = request.getUriInfo().getRequestUri().getRawQuery();
            request.setRequestUri(URI.create((base.endsWith("/") ? base : base + "/") + "api/v1" + scoped.group(2)
                    + (query == null ? "" : "?" + query)));
        }
    }

    /** A path segment as the name it spells ('+' is a plus in a path, not a space). */
    private static String decoded(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
