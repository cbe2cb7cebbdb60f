package io.lifeboat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Alert;
import io.lifeboat.actions.Explanation;
import io.lifeboat.actions.LeaderStamp;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The leadership lease and its fencing token against the real MariaDB, and the journal refusing a deposed leader. */
@QuarkusTest
class LeaseStoreTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @Inject
    LeaseStore leases;
    @Inject
    JournalStore journal;

    private final String cluster = "lease-" + UUID.randomUUID();

    @Test
    void theFirstTakesIt_anotherIsRefusedWhileItLives_aRenewalKeepsTheToken() {
        assertThat(leases.acquire(cluster, "a", LONG)).extracting(LeaseStore.Lease::holder, LeaseStore.Lease::token)
                .containsExactly("a", 1L);
        assertThat(leases.acquire(cluster, "b", LONG).holder()).as("b while a's lease lives").isEqualTo("a");
        assertThat(leases.acquire(cluster, "a", LONG).token()).as("a renews").isEqualTo(1L);
        assertThat(leases.live(cluster)).map(LeaseStore.Lease::holder).contains("a");

        leases.release(cluster, "a");
        assertThat(leases.live(cluster)).as("released: nobody leads").isEmpty();
    }

    @Test
    void aLeaseThatEndedGoesToTheNext_underAGreaterToken_evenBackToItsFormerHolder() {
        leases.acquire(cluster, "a", Duration.ZERO); // ends at once
        LeaseStore.Lease taken = leases.acquire(cluster, "b", LONG);
        assertThat(taken.holder()).isEqualTo("b");
        assertThat(taken.token()).isEqualTo(2L);

        leases.release(cluster, "b");
        LeaseStore.Lease back = leases.acquire(cluster, "a", LONG);
        assertThat(back.holder()).isEqualTo("a");
        assertThat(back.token()).as("a's old token is never valid again").isEqualTo(3L);
        assertThat(holds("a", 1)).isFalse();
        assertThat(holds("b", 2)).isFalse();
        assertThat(holds("a", 3)).isTrue();
    }

    @Test
    void theJournalRefusesAnActionOfADeposedLeader_andRecordsTheCurrentLeaders() {
        leases.acquire(cluster, "a", Duration.ZERO);
        long token = leases.acquire(cluster, "b", LONG).token();
        Alert late = alert("late", new LeaderStamp(cluster, "a", token - 1));
        Alert current = alert("current", new LeaderStamp(cluster, "b", token));

        assertThatThrownBy(() -> journal.recordIntent(late)).hasMessageContaining("no longer leads");
        assertThat(QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey(late.getKey()))).as("nothing journalled").isNull();
        journal.recordIntent(current);
        JournalEntry recorded = QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey(current.getKey()));
        assertThat(recorded.decidedBy).as("who decided it, for the journal's readers").isEqualTo("b");
        assertThat(recorded.leaseToken).isEqualTo(token);
    }

    private boolean holds(String replica, long token) {
        return QuarkusTransaction.requiringNew().call(() -> leases.holds(cluster, replica, token));
    }

    private Alert alert(String name, LeaderStamp stamp) {
        Alert alert = new Alert("cluster/" + cluster, "LEASE_TEST", "a test alert");
        alert.assign(cluster + "/" + name, Explanation.NONE);
        alert.decidedBy(stamp);
        return alert;
    }
}
