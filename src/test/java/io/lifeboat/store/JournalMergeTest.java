package io.lifeboat.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.Explanation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The local journal's lines merged into MariaDB: in order, each entry once however often the lines are replayed. */
@QuarkusTest
class JournalMergeTest {
    @Inject
    JournalStore journal;

    @Test
    void linesMergedTwice_giveEachEntryOnce_withItsOutcome_andAnIntentCommittedBeforeTheOutageIsNotAddedAgain() {
        Alert inDatabase = alert();
        Alert onlyLocal = alert();
        journal.recordIntent(inDatabase); // its commit went through just before the connection broke
        List<LocalJournal.Line> lines = List.of(
                journal.intentLine(inDatabase),
                journal.intentLine(onlyLocal),
                journal.outcomeLine(onlyLocal, ActionOutcome.succeeded(onlyLocal.getKey(), "alert agents ran")),
                journal.outcomeLine(inDatabase, ActionOutcome.failed(inDatabase.getKey(), "an agent failed")));

        journal.merge(lines);
        journal.merge(lines); // a crash between the merge's commit and clearing the file replays it

        JournalEntry local = entry(onlyLocal.getKey());
        assertThat(local.status).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(local.outcomeMessage).isEqualTo("alert agents ran");
        assertThat(local.reason).isEqualTo(onlyLocal.getReason());
        assertThat(local.recordedAt).isNotNull().isBeforeOrEqualTo(local.completedAt);
        assertThat(entry(inDatabase.getKey()).status).isEqualTo(ActionStatus.FAILED);
        long copies = QuarkusTransaction.requiringNew().call(() -> JournalEntry.count("actionKey in ?1",
                List.of(inDatabase.getKey(), onlyLocal.getKey())));
        assertThat(copies).isEqualTo(2);
    }

    private static JournalEntry entry(String key) {
        return QuarkusTransaction.requiringNew().call(() -> JournalEntry.byKey(key));
    }

    private static Alert alert() {
        Alert alert = new Alert("cluster/merge", "MERGE_TEST", "a test alert");
        alert.assign("merge/" + UUID.randomUUID(), Explanation.NONE);
        return alert;
    }
}
