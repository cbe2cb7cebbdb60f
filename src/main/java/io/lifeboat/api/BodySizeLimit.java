package io.lifeboat.api;

import io.lifeboat.config.LifeboatConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request body larger than {@code lifeboat.api.max-body-size} with the API's error envelope, before it is
 * read. The default fits a cluster document of 50 000 VMs; Quarkus's own, higher limit stays as the last resort.
 */
@ApplicationScoped
public class BodySizeLimit {
    /** Before every other route. */
    private static final int FIRST = Integer.MIN_VALUE + 100;

    void install(@Observes Router router, LifeboatConfig config) {
        long limit = config.api().maxBodySize().asLongValue();
        router.route().order(FIRST).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLong(length, limit)) {
                ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"code\":\"BODY_TOO_LARGE\",\"message\":\"the body is larger than " + limit
                                + " bytes (lifeboat.api.max-body-size)\",\"field\":null}");
                return;
            }
            ctx.next();
        });
    }

    private static boolean tooLong(String length, long limit) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // the server refuses a malformed length itself
        }
    }
}
