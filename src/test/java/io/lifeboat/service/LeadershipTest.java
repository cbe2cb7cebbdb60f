package io.lifeboat.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Alert;
import io.lifeboat.actions.Explanation;
import io.lifeboat.actions.LeaderStamp;
import io.lifeboat.store.JournalStore;
import io.lifeboat.testing.ApiUsers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * This Lifeboat as replica "replica-a" of the demo cluster, leadership by lease (3 s). Another replica is played by
 * writing the shared lease row, as it would: this one must stand down when it is deposed, its late actions must be
 * refused, and it must take over (under a greater token) when the other's lease ends.
 */
@QuarkusTest
@TestProfile(LeadershipTest.Replica.class)
class LeadershipTest {
    private static final String CLUSTER = "demo";

    public static class Replica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lifeboat.demo.enabled", "true",
                    "lifeboat.demo.dir", "target/leadership-demo",
                    "lifeboat.demo.heartbeat-timeout", "300s",
                    "lifeboat.monitor.interval", "1s",
                    "lifeboat.leadership.enabled", "true",
                    "lifeboat.leadership.ttl", "3s",
                    "lifeboat.leadership.replica", "replica-a");
        }
    }

    @Inject
    JournalStore journal;
    @Inject
    EntityManager em;

    @Test
    void theReplicaHoldingTheLeaseManages_standsDownWhenDeposed_andTakesOverWhenTheOtherLeaseEnds() {
        JsonPath leading = await().atMost(Duration.ofSeconds(30)).until(LeadershipTest::status,
                s -> s.getBoolean("managing") && s.getBoolean("replica.leading"));
        assertThat(leading.getString("replica.replica")).isEqualTo("replica-a");
        long token = leading.getLong("replica.token");
        Map<String, Object> renamed = new java.util.HashMap<>(ApiUsers.viewer().get("/api/v1/cluster/settings")
                .then().statusCode(200).extract().jsonPath().getMap("$"));
        renamed.put("name", "demo-renamed");
        io.restassured.response.Response rename = ApiUsers.operator().contentType("application/json").body(renamed)
                .put("/api/v1/cluster/settings");
        assertThat(rename.statusCode()).as("a new name would be a new lease").isEqualTo(409);
        assertThat(rename.jsonPath().getString("code")).isEqualTo("CLUSTER_RENAME");

        // replica-b takes the lease (as after replica-a's lease ended unrenewed) and holds it for 4 s
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE leadership_lease SET holder = 'replica-b',"
                + " token = token + 1, expires_at = TIMESTAMPADD(MICROSECOND, 4000000, CURRENT_TIMESTAMP(3))"
                + " WHERE cluster = ?1").setParameter(1, CLUSTER).executeUpdate());

        JsonPath standing = await().atMost(Duration.ofSeconds(10)).until(LeadershipTest::status,
                s -> !s.getBoolean("managing"));
        assertThat(standing.getBoolean("replica.leading")).isFalse();
        Map<String, Object> settings = ApiUsers.viewer().get("/api/v1/cluster/settings").then().statusCode(200)
                .extract().jsonPath().getMap("$");
        io.restassured.response.Response refused = ApiUsers.operator().contentType("application/json").body(settings)
                .put("/api/v1/cluster/settings");
        assertThat(refused.statusCode()).as("a standby stores no configuration nobody would apply").isEqualTo(503);
        assertThat(refused.jsonPath().getString("code")).isEqualTo("NOT_LEADER");
        Alert late = new Alert("cluster/" + CLUSTER, "LEASE_TEST", "decided before replica-a was deposed");
        late.assign("leadership-test/late", Explanation.NONE);
        late.decidedBy(new LeaderStamp(CLUSTER, "replica-a", token));
        assertThatThrownBy(() -> journal.recordIntent(late)).as("a deposed leader's late action")
                .hasMessageContaining("no longer leads");

        JsonPath again = await().atMost(Duration.ofSeconds(30)).until(LeadershipTest::status,
                s -> s.getBoolean("managing") && s.getBoolean("replica.leading"));
        assertThat(again.getLong("replica.token")).as("after replica-b's token").isEqualTo(token + 2);
    }

    private static JsonPath status() {
        return ApiUsers.viewer().get("/api/v1/status").then().statusCode(200).extract().jsonPath();
    }
}
