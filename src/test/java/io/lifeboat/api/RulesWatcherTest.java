package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.viewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A rule file dropped into the operator's directory goes live by itself. */
@QuarkusTest
@TestProfile(RulesWatcherTest.Watching.class)
class RulesWatcherTest {
    static final Path DIR = Path.of("target/test-watched-rules");

    public static class Watching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lifeboat.policy.rules-dir", DIR.toString(), "lifeboat.policy.reload-quiet-period", "100ms");
        }
    }

    @Test
    void drlFileWritten_isCompiledAndLiveWithoutARequest() throws IOException {
        Files.createDirectories(DIR);
        Files.writeString(DIR.resolve("watched.drl"), """
                package io.lifeboat.rules;
                import io.lifeboat.facts.*;
                rule "A rule that arrived through the directory"
                    @id("site.watched") @description("site rule")
                when
                    Host( state == HostState.MAINTENANCE )
                then
                end
                """);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                viewer().get("/api/v1/policies").then().body("rules.id", hasItem("site.watched")));
        Files.delete(DIR.resolve("watched.drl"));
    }
}
