package io.lifeboat.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A 401 tells basic-auth clients how to authenticate ({@code WWW-Authenticate: Basic}); a browser that sees it on the
 * dashboard's own requests opens its login prompt over the page, which has a login form of its own. So the challenge
 * is left out for the page's requests: those marked {@code X-Requested-With: XMLHttpRequest}, and its event stream.
 */
@ApplicationScoped
public class NoLoginPromptForThePage {
    /** Before every other route, so that the header is dropped whoever answers. */
    private static final int FIRST = Integer.MIN_VALUE + 50;
    private static final String MARK = "X-Requested-With";
    private static final String EVENT_STREAM = "text/event-stream";

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(ctx -> {
            String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
            if ("XMLHttpRequest".equals(ctx.request().getHeader(MARK))
                    || accept != null && accept.contains(EVENT_STREAM)) {
                ctx.addHeadersEndHandler(v -> ctx.response().headers().remove("WWW-Authenticate"));
            }
            ctx.next();
        });
    }
}
