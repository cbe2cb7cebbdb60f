package io.lifeboat.api;

import java.util.Set;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What the dashboard's requests (marked {@code X-Requested-With: XMLHttpRequest}) need from the HTTP layer:
 * <ul>
 * <li>No login prompt: a 401 tells basic-auth clients how to authenticate ({@code WWW-Authenticate: Basic}); a
 * browser that sees it opens its own prompt over the page, which has a login form. The challenge is left out for the
 * page's requests and its event stream.</li>
 * <li>No request forged by another site: a change (POST, PUT, DELETE, PATCH) that rides on the login cookie alone,
 * without an Authorization header, must carry the mark, which a cross-site form cannot set and a cross-site script
 * cannot send without the browser asking this server first (it does not agree). The same-site cookie is the first
 * line; this is the second.</li>
 * </ul>
 */
@ApplicationScoped
public class PageRequests {
    /** Before every other route, so that a refusal comes first and the header is dropped whoever answers. */
    private static final int FIRST = Integer.MIN_VALUE + 50;
    private static final String MARK = "X-Requested-With";
    private static final String MARKED = "XMLHttpRequest";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String LOGIN_COOKIE = "quarkus-credential";
    private static final Set<HttpMethod> CHANGES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
            HttpMethod.PATCH);

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(ctx -> {
            boolean marked = MARKED.equals(ctx.request().getHeader(MARK));
            if (!marked && CHANGES.contains(ctx.request().method()) && ctx.request().getCookie(LOGIN_COOKIE) != null
                    && ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
                ctx.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"code\":\"NOT_FROM_THE_PAGE\",\"message\":\"a change made with the dashboard's login "
                                + "must come from the dashboard (header " + MARK + ": " + MARKED + ")\",\"field\":\""
                                + MARK + "\"}");
                return;
            }
            String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
            if (marked || accept != null && accept.contains(EVENT_STREAM)) {
                ctx.addHeadersEndHandler(v -> ctx.response().headers().remove("WWW-Authenticate"));
            }
            ctx.next();
        });
    }
}
