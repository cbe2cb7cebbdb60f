package io.lifeboat.security;

import static io.lifeboat.testing.ApiUsers.admin;
import static io.lifeboat.testing.ApiUsers.anonymous;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * A first start without LIFEBOAT_ADMIN_PASSWORD: no user is made, nobody gets in, and the log says how to make one.
 * Prometheus is let in to /q/metrics without credentials here (lifeboat.security.metrics-open).
 */
@QuarkusTest
@TestProfile(FreshInstallTest.Fresh.class)
class FreshInstallTest {

    public static class Fresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lifeboat.security.admin-password", "", "lifeboat.security.metrics-open", "true");
        }
    }

    @Inject
    UserAccounts users;
    @Inject
    AdminBootstrap bootstrap;

    @Test
    void noAdminPassword_noUserIsMade_andNobodyGetsIn() {
        assertThat(users.none()).isTrue();
        admin().get("/api/v1/status").then().statusCode(401);
        anonymous().get("/api/v1/status").then().statusCode(401);
    }

    @Test
    void noAdminPassword_theLogSaysHowToMakeTheFirstUser() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(AdminBootstrap.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            bootstrap.createFirstAdmin(new StartupEvent());
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(records).singleElement().satisfies(r -> assertThat(r.getMessage())
                .contains("LIFEBOAT_ADMIN_PASSWORD").contains("lifeboat user add admin --role admin"));
        assertThat(users.none()).isTrue();
    }

    @Test
    void metricsOpen_prometheusScrapesWithoutCredentials_theApiStaysClosed() {
        anonymous().get("/q/metrics").then().statusCode(200);
        anonymous().get("/api/v1/journal").then().statusCode(401);
    }
}
