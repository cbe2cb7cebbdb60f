package io.lifeboat.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.testing.ApiUsers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The clusters' leases shared among the replicas: this Lifeboat is replica-a of two demo clusters (leases of 3 s);
 * replica-b is played by writing the shared tables as a replica does (it says it is alive, takes a lease that ended
 * and renews what it holds). Alone, replica-a leads both; once replica-b is alive it hands one over and replica-b
 * leads it under a new token; when replica-b dies, replica-a takes the cluster back after its lease ends.
 */
@QuarkusTest
@TestProfile(LeaseSharingTest.TwoClustersReplicaA.class)
class LeaseSharingTest {
    private static final Duration WAIT = Duration.ofSeconds(40);

    public static class TwoClustersReplicaA implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lifeboat.demo.enabled", "true",
                    "lifeboat.demo.clusters", "2",
                    "lifeboat.demo.dir", "target/lease-sharing-demo",
                    "lifeboat.demo.heartbeat-timeout", "300s",
                    "lifeboat.monitor.interval", "1s",
                    "lifeboat.leadership.enabled", "true",
                    "lifeboat.leadership.ttl", "3s",
                    "lifeboat.leadership.replica", "replica-a");
        }
    }

    @Inject
    EntityManager em;

    private final ScheduledExecutorService replicaB = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopReplicaB() {
        replicaB.shutdownNow();
    }

    @Test
    void aloneItLeadsBoth_aSecondReplicaGetsOne_andWhenThatDiesItIsTakenBack() throws Exception {
        await().atMost(WAIT).until(() -> leaders().equals(List.of("replica-a", "replica-a")));
        assertThat(clusters().getList("managedHere", Boolean.class)).containsExactly(true, true);
        long firstToken = clusters().getLong("[1].leaseToken");

        // Every third of the lease, as replica-a renews: a hand-over must reach it, not be taken back by replica-a.
        replicaB.scheduleWithFixedDelay(this::replicaBRound, 0, 1000, TimeUnit.MILLISECONDS);

        await().atMost(WAIT).until(() -> leaders().contains("replica-b"));
        JsonPath shared = clusters();
        assertThat(shared.getList("leader", String.class)).as("one cluster each").containsExactly("replica-a", "replica-b");
        assertThat(shared.getList("managedHere", Boolean.class)).containsExactly(true, false);
        assertThat(shared.getLong("[1].leaseToken")).as("replica-b leads under the next token: replica-a never took the"
                + " cluster it handed over back").isEqualTo(firstToken + 1);
        assertThat(ApiUsers.viewer().get("/api/v1/clusters/demo-2/status").then().statusCode(200).extract().jsonPath()
                .getBoolean("managing")).as("replica-a no longer manages what it handed over").isFalse();

        replicaB.shutdownNow();
        replicaB.awaitTermination(5, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> clusters().getList("managedHere", Boolean.class).equals(List.of(true, true)));
        assertThat(leaders()).containsExactly("replica-a", "replica-a");
        assertThat(clusters().getLong("[1].leaseToken")).isGreaterThan(shared.getLong("[1].leaseToken"));
    }

    /** What replica-b does every second: alive, renews its leases, takes one that has ended. */
    private void replicaBRound() {
        QuarkusTransaction.requiringNew().run(() -> {
            if (em.createNativeQuery("UPDATE lifeboat_replica SET seen_at = CURRENT_TIMESTAMP(3) WHERE name = 'replica-b'")
                    .executeUpdate() == 0) {
                em.createNativeQuery("INSERT INTO lifeboat_replica (name, seen_at) VALUES ('replica-b', CURRENT_TIMESTAMP(3))")
                        .executeUpdate();
            }
            em.createNativeQuery("UPDATE leadership_lease SET expires_at = TIMESTAMPADD(MICROSECOND, 3000000,"
                    + " CURRENT_TIMESTAMP(3)) WHERE holder = 'replica-b' AND expires_at > CURRENT_TIMESTAMP(3)").executeUpdate();
            em.createNativeQuery("UPDATE leadership_lease SET holder = 'replica-b', token = token + 1,"
                    + " expires_at = TIMESTAMPADD(MICROSECOND, 3000000, CURRENT_TIMESTAMP(3))"
                    + " WHERE expires_at <= CURRENT_TIMESTAMP(3)").executeUpdate();
        });
    }

    private static JsonPath clusters() {
        return ApiUsers.viewer().get("/api/v1/clusters").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> leaders() {
        return clusters().getList("leader", String.class);
    }
}
