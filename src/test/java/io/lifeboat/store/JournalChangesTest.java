package io.lifeboat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.lifeboat.actions.ActionStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** JournalStore.recordChange against MariaDB: a completed entry per change, each with its own key and its author. */
@QuarkusTest
class JournalChangesTest {
    @Inject
    JournalStore journal;

    @Test
    void eachChange_isOneSucceededEntryWithItsActor_andItsOwnKey() {
        journal.recordChange("CONFIG_CHANGE", "host/changes-h1", "alice", "added host h1");
        journal.recordChange("CONFIG_CHANGE", "host/changes-h1", "alice", "added host h1");

        List<JournalEntry> entries = QuarkusTransaction.requiringNew().call(() ->
                JournalEntry.<JournalEntry>list("subject", "host/changes-h1"));
        assertThat(entries).hasSize(2).allSatisfy(e -> {
            assertThat(e.type).isEqualTo("CONFIG_CHANGE");
            assertThat(e.actor).isEqualTo("alice");
            assertThat(e.reason).isEqualTo("added host h1");
            assertThat(e.status).isEqualTo(ActionStatus.SUCCEEDED);
            assertThat(e.recordedAt).isNotNull().isEqualTo(e.completedAt);
        });
        assertThat(entries.get(0).actionKey).isNotEqualTo(entries.get(1).actionKey);
    }

    @Test
    void aChangeInsideATransactionThatFails_isNotJournalled() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            journal.recordChange("CONFIG_CHANGE", "host/changes-h2", "bob", "removed host h2");
            throw new IllegalStateException("the change itself failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(QuarkusTransaction.requiringNew().call(() -> JournalEntry.count("subject", "host/changes-h2"))).isZero();
    }

    @Test
    void aTypeWiderThanTheColumn_isRefusedBeforeTheDatabase() {
        assertThatThrownBy(() -> journal.recordChange("CLUSTER_SETTINGS_CHANGE", "cluster", "carol", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
    }
}
